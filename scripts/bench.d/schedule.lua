-- wrk script: POST /api/v1/requests/{ref}/actions, re-scheduling a scheduled job (scheduled -> scheduled),
-- an action that can be repeated for ever; each one is a write with an event.
-- Needs BENCH_TOKEN (an officer's or the assigned contractor's token) and BENCH_REF in the environment.
local token = assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN is not set")
local ref = assert(os.getenv("BENCH_REF"), "BENCH_REF is not set")

wrk.method = "POST"
wrk.path = "/api/v1/requests/" .. ref .. "/actions"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"action":"schedule","appointment":{"start":"2026-12-01T08:00:00Z","end":"2026-12-01T12:00:00Z"}}'
