-- wrk script: POST /api/v1/requests, a tenant reporting a repair in their home (one new job per request).
-- Needs BENCH_TOKEN (the tenant's API token) and BENCH_UPRN (their home) in the environment.
local token = assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
local uprn = assert(os.getenv("BENCH_UPRN"), "BENCH_UPRN is not set")

wrk.method = "POST"
wrk.path = "/api/v1/requests"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
    '{"uprn":"%s","category":"plumbing","description":"Bench: the kitchen tap drips","location":"kitchen"}', uprn)
