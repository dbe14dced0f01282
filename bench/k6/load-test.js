// Agentry load test for k6 (https://k6.io), as the infrastructure guide runs it before production:
//
//   k6 run bench/k6/load-test.js --vus 100 --duration 5m
//   k6 run -e BASE_URL=https://agents.example.com -e API_KEY=... bench/k6/load-test.js
//
// Each virtual user sends agent runs in a closed loop: plain runs, streamed runs and runs that call tools, in the
// shares below. The thresholds are the service's SLOs (docs/runbooks/AgentryErrorBudgetBurn.md and
// AgentryRunLatencyBudgetBurn.md): at most 0.5 % of runs fail, 99 % of runs finish within 30 s. k6 exits non-zero
// when a threshold is crossed, so the script can gate a release.
//
// Against the simulator (no cost, no key): run it with `dotnet run --project tools/Agentry.Simulator -- --port 9100
// --Simulator:Latency 00:00:00.050`, start the service with ANTHROPIC_API_KEY=any ANTHROPIC_BASE_URL=http://127.0.0.1:9100,
// then add `-e MAX_OVERHEAD_P95_MS=...` to also hold the latency the service adds around the model calls.
//
// Environment: BASE_URL (default http://localhost:8080), AGENT (assistant), API_KEY (sent as a bearer token when
// set), STREAM_SHARE (0.25), TOOLS_SHARE (0.25), MAX_OVERHEAD_P95_MS
// (a threshold on agent_run_overhead_ms: run time minus the model and tool time the service reports).
import http from 'k6/http';
import { check } from 'k6';
import { Trend, Counter } from 'k6/metrics';

const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
const AGENT = __ENV.AGENT || 'assistant';
const STREAM_SHARE = parseFloat(__ENV.STREAM_SHARE || '0.25');
const TOOLS_SHARE = parseFloat(__ENV.TOOLS_SHARE || '0.25');
const RUNS_URL = `${BASE_URL}/v1/agents/${AGENT}/runs`;

const costPerRun = new Trend('agent_run_cost_usd');
const modelMs = new Trend('agent_run_model_ms', true);
const overheadMs = new Trend('agent_run_overhead_ms', true);
const tokens = new Counter('agent_run_tokens');

const thresholds = {
  // Availability SLO: 99.5 % of runs answered without a 5xx (k6 counts any non-2xx as failed: stricter).
  'http_req_failed{kind:run}': ['rate<0.005'],
  // Latency SLO: 99 % of runs within 30 s.
  'http_req_duration{kind:run}': ['p(99)<30000'],
  // Every answer complete and well-formed.
  checks: ['rate>0.995'],
};
if (__ENV.MAX_OVERHEAD_P95_MS) {
  thresholds.agent_run_overhead_ms = [`p(95)<${parseFloat(__ENV.MAX_OVERHEAD_P95_MS)}`];
}

export const options = {
  // The guide's run; `--vus` and `--duration` on the command line override these.
  vus: 100,
  duration: '5m',
  thresholds,
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

const headers = { 'Content-Type': 'application/json' };
if (__ENV.API_KEY) {
  headers.Authorization = `Bearer ${__ENV.API_KEY}`;
}

export default function () {
  const draw = Math.random();
  if (draw < STREAM_SHARE) {
    streamedRun();
  } else if (draw < STREAM_SHARE + TOOLS_SHARE) {
    jsonRun('What is 17 * 23, and what time is it?', 'tools');
  } else {
    jsonRun(`Hello there, this is virtual user ${__VU}.`, 'plain');
  }
}

function jsonRun(input, shape) {
  const res = http.post(RUNS_URL, JSON.stringify({ input }), { headers, tags: { kind: 'run', shape } });
  let answer = null;
  try {
    answer = res.json();
  } catch (e) {
    answer = null;
  }

  const ok = check(res, {
    'run answered 200': (r) => r.status === 200,
    'run has an output': () => answer !== null && typeof answer.output === 'string',
  });
  if (ok) {
    costPerRun.add(answer.cost_usd);
    tokens.add(answer.usage.total_tokens);
    modelMs.add(answer.timings.model_ms);
    // What the service itself added: the whole run minus model and tool time as the service measured them.
    overheadMs.add(Math.max(0, res.timings.duration - answer.timings.model_ms - answer.timings.tools_ms));
  }
}

function streamedRun() {
  const res = http.post(RUNS_URL, JSON.stringify({ input: 'Tell me something, streamed.', stream: true }), {
    headers: Object.assign({ Accept: 'text/event-stream' }, headers),
    tags: { kind: 'run', shape: 'stream' },
  });
  check(res, {
    'stream answered 200': (r) => r.status === 200,
    'stream completed': (r) => typeof r.body === 'string' && r.body.includes('event: run.completed'),
    'stream has no error event': (r) => typeof r.body === 'string' && !r.body.includes('event: error'),
  });
}
