// Progressive enhancement only: every page works without this script.
import { initAll } from "/assets/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Photos from a phone's camera are often larger than the server takes (5MB each): each one over the limit is
// redrawn smaller on a canvas as a JPEG before the form is sent; where that cannot be done, a warning says so
// before sending. Without this script the server refuses them on the form, by name.
const photoLimit = 5 * 1024 * 1024;
const longestSide = 2400;

async function encode(bitmap, scale, quality) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

async function smaller(file) {
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, longestSide / Math.max(bitmap.width, bitmap.height));
  let quality = 0.85;
  for (let tries = 0; tries < 8; tries++) {
    const blob = await encode(bitmap, scale, quality);
    if (blob && blob.size <= photoLimit) {
      return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
    }
    scale *= 0.75;
    quality = Math.max(0.5, quality - 0.1);
  }
  throw new Error("still too large");
}

function warn(input, names) {
  const id = `${input.id}-warning`;
  document.getElementById(id)?.remove();
  if (names.length === 0) {
    return;
  }
  const p = document.createElement("p");
  p.id = id;
  p.className = "govuk-error-message";
  p.textContent = `Warning: ${names.join(", ")} ${names.length === 1 ? "is" : "are"} larger than 5MB and could not be made smaller. Choose a smaller photo.`;
  input.before(p);
}

async function shrink(input) {
  const files = [...input.files];
  if (!files.some((f) => f.size > photoLimit)) {
    warn(input, []);
    return;
  }
  const failed = [];
  const out = new DataTransfer();
  for (const f of files) {
    if (f.size <= photoLimit) {
      out.items.add(f);
      continue;
    }
    try {
      out.items.add(await smaller(f));
    } catch {
      failed.push(f.name);
      out.items.add(f);
    }
  }
  input.files = out.files;
  input.dataset.shrunk = String(files.length - failed.length);
  warn(input, failed);
}

for (const input of document.querySelectorAll("input[type=file][data-mend-photos]")) {
  let pending = null;
  input.addEventListener("change", () => {
    if (typeof createImageBitmap !== "function" || typeof DataTransfer !== "function") {
      const names = [...input.files].filter((f) => f.size > photoLimit).map((f) => f.name);
      warn(input, names);
      return;
    }
    input.dataset.shrinking = "true";
    pending = shrink(input).finally(() => {
      delete input.dataset.shrinking;
      pending = null;
    });
  });
  // A form sent while its photos are being made smaller waits for them.
  input.form?.addEventListener("submit", (event) => {
    if (pending) {
      event.preventDefault();
      pending.then(() => input.form.submit());
    }
  });
}

// A text box under a radio option (data-mend-reveal) is shown only while that option is chosen. Without this
// script it is always shown, and its label says when it is needed.
for (const input of document.querySelectorAll("input[type=radio][data-mend-reveal]")) {
  const box = document.getElementById(input.dataset.mendReveal);
  const sync = () => box?.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
  for (const other of document.querySelectorAll(`input[type=radio][name="${CSS.escape(input.name)}"]`)) {
    other.addEventListener("change", sync);
  }
  sync();
}
