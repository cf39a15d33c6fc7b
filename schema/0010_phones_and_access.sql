-- Phone numbers kept in one form, E.164 ("+447700900456"), as mend now writes them (domain/phone.cpp), so that
-- signing in by phone finds a number whichever way it was typed. The same rules as phone_e164; a number in no
-- form they know is left as it was.

CREATE TEMP TABLE phone_digits AS
SELECT id,
       replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''),
               char(9), '') AS digits,
       0 AS uk
FROM users
WHERE phone IS NOT NULL;

-- A UK number: what follows +44, 0044, 44 (twelve digits or more) or the leading 0.
UPDATE phone_digits SET digits = substr(digits, 4), uk = 1 WHERE digits GLOB '+44*';
UPDATE phone_digits SET digits = substr(digits, 5), uk = 1 WHERE digits GLOB '0044*';
UPDATE phone_digits SET digits = substr(digits, 3), uk = 1 WHERE digits GLOB '44*' AND length(digits) >= 12;
UPDATE phone_digits SET digits = substr(digits, 2), uk = 1 WHERE uk = 0 AND digits GLOB '0[1-9]*';
-- The trunk 0 some write after the country code: "+44 (0)7700 900456".
UPDATE phone_digits SET digits = substr(digits, 2) WHERE uk = 1 AND digits GLOB '0*';

UPDATE users
SET phone = (SELECT '+44' || d.digits FROM phone_digits d WHERE d.id = users.id)
WHERE id IN (SELECT id FROM phone_digits
             WHERE uk = 1 AND digits NOT GLOB '*[^0-9]*'
               AND ((digits GLOB '[1-9]*' AND length(digits) = 10) OR (digits GLOB '1*' AND length(digits) = 9)));

-- Another country's number, written with + or 00 and its code.
UPDATE phone_digits SET digits = '+' || substr(digits, 3) WHERE uk = 0 AND digits GLOB '00[1-9]*';

UPDATE users
SET phone = (SELECT d.digits FROM phone_digits d WHERE d.id = users.id)
WHERE id IN (SELECT id FROM phone_digits
             WHERE uk = 0 AND digits GLOB '+[1-9]*' AND length(digits) BETWEEN 9 AND 16
               AND substr(digits, 2) NOT GLOB '*[^0-9]*');

UPDATE users SET phone = NULL WHERE id IN (SELECT id FROM phone_digits WHERE digits = '');

DROP TABLE phone_digits;

-- How a contractor gets into a home (a key safe, a concierge, a dog in the garden): shown on the job page to
-- the firm assigned and to staff, never to the public.
ALTER TABLE properties ADD COLUMN access_notes TEXT;
