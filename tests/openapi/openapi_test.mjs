// Checks reonomy-mock against mock_server/openapi.json: the document is valid OpenAPI 3.1, every
// request in the table below gets its expected status, every response matches the schema the
// document gives for that operation and status, and every documented operation is exercised.
//   node openapi_test.mjs PATH/TO/reonomy-mock PATH/TO/openapi.json
// To cover a new endpoint: document it, then add rows to `steps` (a request and the status).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

let Validator, Ajv2020, addFormats;
try {
  ({ Validator } = await import("@seriousme/openapi-schema-validator"));
  Ajv2020 = (await import("ajv/dist/2020.js")).default;
  addFormats = (await import("ajv-formats")).default;
} catch (e) {
  console.error(`the validators are not installed (${e.code}): run scripts/bootstrap, ` +
    "or npm ci in tests/openapi");
  process.exit(1);
}

const [mockBinary, documentPath] = process.argv.slice(2);
if (!mockBinary || !documentPath) {
  console.error("usage: node openapi_test.mjs PATH/TO/reonomy-mock PATH/TO/openapi.json");
  process.exit(2);
}
const doc = JSON.parse(readFileSync(documentPath, "utf8"));
let failures = 0;
const fail = (what) => { failures += 1; console.log(`FAILED: ${what}`); };

// --- the document itself ---------------------------------------------------------------------
const checked = await new Validator().validate(structuredClone(doc));
if (checked.valid) console.log("ok: the document is valid OpenAPI " + doc.openapi);
else fail("the document is not valid OpenAPI: " + JSON.stringify(checked.errors, null, 1));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi.json");
const pointer = (...parts) => parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

// --- a mock on a free loopback port ----------------------------------------------------------
const work = mkdtempSync(path.join(os.tmpdir(), "reonomy-openapi-"));
const portFile = path.join(work, "ports.json");
const mock = spawn(mockBinary, ["--host", "127.0.0.1", "--port", "0", "--port-file", portFile,
  "--sftp-port", "off", "--clock", "manual", "--pending-seconds", "1", "--started-seconds", "1",
  "--rate-limit", "0", "--corpus-size", "2000", "--max-upload-bytes", "1000000",
  "--log-format", "off"], { stdio: ["ignore", "ignore", "inherit"] });
const stop = () => { mock.kill("SIGTERM"); rmSync(work, { recursive: true, force: true }); };
process.on("exit", stop);
for (let i = 0; i < 400 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 25));
if (!existsSync(portFile)) { console.error("reonomy-mock did not start"); process.exit(1); }
const port = JSON.parse(readFileSync(portFile, "utf8")).http;

function send({ method = "GET", path: target, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: target, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.setTimeout(30000, () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

// --- requests ---------------------------------------------------------------------------------
const basic = (key, secret) => "Basic " + Buffer.from(`${key}:${secret}`).toString("base64");
const user = { "User-Agent": "openapi-test", Authorization: basic("demo-access-key", "demo-secret-key") };
const boundary = "openapi-test-8813";
function multipart(fields, files) {
  let body = "";
  for (const [name, value] of Object.entries(fields))
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  for (const [name, filename, content] of files)
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`;
  return body + `--${boundary}--\r\n`;
}
const upload = (jobType, filename, content, extra = {}) => ({
  method: "POST", path: "/v2/jobs/file", body: multipart({ job_type: jobType, ...extra }, [["file", filename, content]]),
  headers: { ...user, "Content-Type": `multipart/form-data; boundary=${boundary}` },
});
const json = (method, target, value, headers = user) => ({
  method, path: target, body: JSON.stringify(value), headers: { ...headers, "Content-Type": "application/json" },
});
const propertySpec = JSON.stringify({ detail_type: ["basic", "ownership"],
  property_ids: ["51e2200a-5160-5ab1-8f98-20a17fedbb87", "60a041c1-06e9-5b56-9468-2d398b07de75"] });
const csv = "Address1,City,State,Zip\r\n767 3rd Ave,New York,NY,10017\r\n20 W 34th St,New York,NY,10001\r\n";
const metadata = JSON.stringify({ headers: ["Address1", "City", "State", "Zip"], mapping: {
  address_line_1: "Address1", address_city: "City", address_state: "State", address_postal: "Zip" } });
const advance = json("POST", "/_mock/clock/advance", { seconds: 5 }, {});
const local = (url) => url.slice(url.indexOf("/", url.indexOf("://") + 3));
const jobAt = (s) => `/v2/jobs/file/${s.job.id}`;

// Each step: a name, the request (or a function of the state captured so far), the status it
// must get, and optionally `keep(state, body)` to capture values for later steps.
const steps = [
  ["health", { path: "/_mock/health" }, 200],
  ["clock", { path: "/_mock/clock" }, 200],
  ["the document", { path: "/_mock/openapi.json" }, 200],
  ["a wrong admin token", { path: "/_mock/health", headers: { Authorization: "Bearer wrong" } }, 401],
  ["echo of a good upload", { ...upload("property-details", "spec.json", propertySpec), path: "/_mock/echo" }, 200],
  ["echo of a JSON body", { ...json("POST", "/_mock/echo", { a: 1 }), }, 200],
  ["echo without a body", { method: "POST", path: "/_mock/echo", headers: user }, 200],
  ["submit without User-Agent", { ...upload("search", "s.json", "{}"), headers: { Authorization: user.Authorization,
    "Content-Type": `multipart/form-data; boundary=${boundary}` } }, 403],
  ["submit with a wrong secret", { ...upload("search", "s.json", "{}"), headers: { ...user,
    Authorization: basic("demo-access-key", "nope"), "Content-Type": `multipart/form-data; boundary=${boundary}` } }, 401],
  ["submit JSON instead of multipart", json("POST", "/v2/jobs/file", { job_type: "search" }), 400],
  ["submit an invalid spec", upload("property-details", "spec.json", '{"detail_type": []}'), 400],
  ["submit too large", upload("property-details", "spec.json", "x".repeat(1100000)), 413],
  ["submit property-details", upload("property-details", "spec.json", propertySpec), 201, (s, b) => { s.job = b; }],
  ["submit while a job runs", upload("property-details", "spec.json", propertySpec), 429],
  ["list", { path: "/v2/jobs/file", headers: user }, 200],
  ["list with a bad limit", { path: "/v2/jobs/file?limit=x", headers: user }, 400],
  ["the job, PENDING", (s) => ({ path: jobAt(s), headers: user }), 200],
  ["an unknown job", { path: "/v2/jobs/file/00000000-0000-4000-8000-000000000000", headers: user }, 404],
  ["advance the clock", advance, 200],
  ["advance by a negative time", json("POST", "/_mock/clock/advance", { seconds: -1 }, {}), 400],
  ["the job, SUCCESS", (s) => ({ path: jobAt(s), headers: user }), 200, (s, b) => { s.url = b.result_urls[0]; }],
  ["list with the finished job", { path: "/v2/jobs/file?limit=1", headers: user }, 200],
  ["a result file", (s) => ({ path: local(s.url) }), 200],
  ["a tampered result URL", (s) => ({ path: local(s.url).replace("Signature=", "Signature=x") }), 403],
  ["a result URL without its parameters", (s) => ({ path: local(s.url).split("?")[0] }), 403],
  ["reset one account", { method: "POST", path: "/_mock/reset?access_key=demo-access-key", body: "" }, 200],
  ["reset an unknown account", { method: "POST", path: "/_mock/reset?access_key=nobody", body: "" }, 404],
  ["a result file after reset", (s) => ({ path: local(s.url) }), 404],
  ["submit match", upload("match", "addresses.csv", csv, { metadata }), 201, (s, b) => { s.job = b; }],
  ["advance for match", advance, 200],
  ["the match job", (s) => ({ path: jobAt(s), headers: user }), 200, (s, b) => { s.url = b.result_urls[0]; }],
  ["the match CSV", (s) => ({ path: local(s.url) }), 200],
  ["submit search", upload("search", "search.json", '{"settings": {"state": ["NY"]}}'), 201, (s, b) => { s.job = b; }],
  ["advance for search", advance, 200],
  ["the search job", (s) => ({ path: jobAt(s), headers: user }), 200, (s, b) => { s.url = b.result_urls[0]; }],
  ["the search NDJSON", (s) => ({ path: local(s.url) }), 200],
  ["a property", { path: "/v2/property/51e2200a-5160-5ab1-8f98-20a17fedbb87?detail_type=basic&detail_type=taxes", headers: user }, 200],
  ["a property without PII", { path: "/v2/property/51e2200a-5160-5ab1-8f98-20a17fedbb87?detail_type=ownership&filter_pii=true", headers: user }, 200],
  ["a property with an unknown detail type", { path: "/v2/property/51e2200a-5160-5ab1-8f98-20a17fedbb87?detail_type=nope", headers: user }, 400],
  ["a property id that is no UUID", { path: "/v2/property/nope", headers: user }, 404],
  ["search summaries", json("POST", "/v2/search/summaries", { settings: { state: ["NY"] }, limit: 5 }), 200,
    (s, b) => { s.token = b.search_token; }],
  ["the next page of summaries", (s) => json("POST", `/v2/search/summaries?search_token=${s.token}`, { settings: { state: ["NY"] }, limit: 5 }), 200],
  ["summaries with a bad limit", json("POST", "/v2/search/summaries", { limit: 0 }), 400],
  ["add fault rules", json("POST", "/_mock/faults", { rules: [
    { access_key: "demo-access-key", action: "respond", status: 503, path: "/nowhere", times: 1 },
    { global: true, action: "fail_job", phase: "pending", job_type: "search", nth: 3 }] }, {}), 201],
  ["add a rule that cannot be understood", json("POST", "/_mock/faults", { global: true, action: "respond" }, {}), 400],
  ["list the fault rules", { path: "/_mock/faults" }, 200],
  ["one fault rule", { path: "/_mock/faults/f1" }, 200],
  ["an unknown fault rule", { path: "/_mock/faults/f99" }, 404],
  ["delete one fault rule", { method: "DELETE", path: "/_mock/faults/f1" }, 200],
  ["delete an unknown fault rule", { method: "DELETE", path: "/_mock/faults/f1" }, 404],
  ["delete one account's fault rules", { method: "DELETE", path: "/_mock/faults?access_key=demo-access-key" }, 200],
  ["delete an unknown account's fault rules", { method: "DELETE", path: "/_mock/faults?access_key=nobody" }, 404],
  ["delete every fault rule", { method: "DELETE", path: "/_mock/faults" }, 200],
  ["hold the next job", json("POST", "/_mock/faults", { access_key: "demo-access-key", action: "hold_job", times: 1 }, {}), 201],
  ["submit a job to hold", upload("property-details", "spec.json", propertySpec), 201, (s, b) => { s.job = b; }],
  ["release the held job", (s) => ({ method: "POST", path: `/_mock/jobs/${s.job.id}/release`, body: "" }), 200],
  ["release it again", (s) => ({ method: "POST", path: `/_mock/jobs/${s.job.id}/release`, body: "" }), 409],
  ["release an unknown job", { method: "POST", path: "/_mock/jobs/nope/release", body: "" }, 404],
  ["the request journal", { path: "/_mock/requests?limit=50" }, 200],
  ["the journal's 4xx for one account", { path: "/_mock/requests?status=4xx&access_key=demo-access-key&path=/v2/*" }, 200],
  ["the journal with a bad status filter", { path: "/_mock/requests?status=abc" }, 400],
  ["empty the journal", { method: "DELETE", path: "/_mock/requests" }, 200],
  ["reset everything", { method: "POST", path: "/_mock/reset" }, 200],
];

// --- the document's view of a response ---------------------------------------------------------
const templates = Object.keys(doc.paths).map((template) => ({ template,
  regex: new RegExp("^" + template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+") + "$") }));
const exercised = new Set();
const resolve = (node) => {
  while (node && node.$ref) node = node.$ref.slice(2).split("/").reduce((n, k) => n[k.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  return node;
};

function check(name, method, target, res) {
  const route = target.split("?")[0];
  const found = templates.find((t) => t.regex.test(route));
  if (!found || !doc.paths[found.template][method]) return fail(`${name}: ${method.toUpperCase()} ${route} is not in the document`);
  exercised.add(`${method} ${found.template}`);
  const operation = doc.paths[found.template][method];
  const response = resolve(operation.responses[String(res.status)]);
  if (!response) return fail(`${name}: status ${res.status} is not documented for ${method.toUpperCase()} ${found.template}`);
  const mediaType = String(res.headers["content-type"] || "").split(";")[0].trim();
  const content = response.content || {};
  if (!(mediaType in content)) return fail(`${name}: Content-Type ${mediaType} is not documented (${Object.keys(content)})`);
  for (const [header, spec] of Object.entries(response.headers || {})) {
    const value = res.headers[header.toLowerCase()];
    if (value === undefined || !ajv.validate(spec.schema, value)) fail(`${name}: header ${header} is '${value}'`);
  }
  const where = operation.responses[String(res.status)].$ref
    ? operation.responses[String(res.status)].$ref.slice(1) + "/" + pointer("content", mediaType, "schema")
    : "/" + pointer("paths", found.template, method, "responses", res.status, "content", mediaType, "schema");
  const validate = ajv.getSchema("openapi.json#" + where);
  let value = res.body;
  if (mediaType === "application/json") {
    try { value = JSON.parse(res.body); } catch { return fail(`${name}: the body is not JSON`); }
  }
  if (!validate(value)) return fail(`${name}: the body does not match ${where}: ${ajv.errorsText(validate.errors)}\n  ${res.body.slice(0, 400)}`);
  return true;
}

const state = {};
for (const [name, make, status, keep] of steps) {
  const request = typeof make === "function" ? make(state) : make;
  const method = (request.method || "GET").toLowerCase();
  let res;
  try { res = await send(request); } catch (e) { fail(`${name}: ${e.message}`); continue; }
  if (res.status !== status) { fail(`${name}: status ${res.status}, expected ${status}: ${res.body.slice(0, 300)}`); continue; }
  if (check(name, method, request.path, res)) console.log(`ok: ${name} (${status})`);
  if (keep) keep(state, JSON.parse(res.body));
}

for (const [template, item] of Object.entries(doc.paths))
  for (const method of Object.keys(item).filter((k) => ["get", "post", "put", "delete", "patch"].includes(k)))
    if (!exercised.has(`${method} ${template}`)) fail(`${method.toUpperCase()} ${template} is documented but no step exercises it`);

console.log(failures ? `${failures} failed` : `all ${steps.length} steps match the document`);
process.exit(failures ? 1 : 0);
