'use strict';
// Node.js clients against reonomy-mock on loopback (see tests/clients/README.md).
//   node clients_test.js test  BASE_URL DATA_DIR   manual-clock mock; every check
//   node clients_test.js agree BASE_URL KEY SECRET OUT_DIR SPEC CSV METADATA
//                                                  real-clock mock; results saved for agree.sh
// First it records what each client really puts on the wire (a raw TCP listener on loopback),
// then it submits the same shapes to the mock and checks the answers. Exit status 1 on failure.
const fs = require('fs');
const net = require('net');
const path = require('path');
const { Readable } = require('stream');
const axios = require('axios');
const FormData = require('form-data');
const request = require('request');

let failures = 0;
function check(what, ok) {
  console.log((ok ? 'ok: ' : 'FAILED: ') + what);
  if (!ok) failures += 1;
}
const versions = {
  node: process.version,
  axios: require('axios/package.json').version,
  'form-data': require('form-data/package.json').version,
  request: require('request/package.json').version,
  undici: process.versions.undici || 'bundled with node',
};
console.log('client: ' + Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', '));

// request with a promise face: resolves {status, body} (the body parsed when it is JSON).
function requestAsync(options) {
  return new Promise((resolve, reject) => {
    request(options, (err, res, body) => {
      if (err) return reject(err);
      let parsed = body;
      try { parsed = JSON.parse(body); } catch (e) { /* not JSON: keep the text */ }
      resolve({ status: res.statusCode, body: parsed, raw: body });
    });
  });
}
// axios that resolves on every status, like the others.
const axiosPost = (url, data, config) => axios.post(url, data, { ...config, validateStatus: () => true });

// The upload shapes under test, each a function (url, auth) -> Promise<{status, body}>.
function shapes(specPath) {
  const spec = fs.readFileSync(specPath);
  const form = (file, options) => {
    const f = new FormData();
    f.append('job_type', 'property-details');
    f.append('file', file, options);
    return f;
  };
  const fromAxios = (res) => ({ status: res.status, body: res.data });
  return {
    // The documentation's advice: request sends multipart itself but no User-Agent.
    'request without User-Agent': (url, auth) => requestAsync({ method: 'POST', url, auth,
      formData: { job_type: 'property-details', file: fs.createReadStream(specPath) } }),
    'request with User-Agent': (url, auth) => requestAsync({ method: 'POST', url, auth,
      headers: { 'User-Agent': 'node' },
      formData: { job_type: 'property-details', file: fs.createReadStream(specPath) } }),
    'axios + form-data, Buffer': async (url, auth) => fromAxios(await axiosPost(url,
      form(spec, 'spec.json'), { auth })),
    'axios + form-data, fs.createReadStream': async (url, auth) => fromAxios(await axiosPost(url,
      form(fs.createReadStream(specPath)), { auth })),
    'axios + form-data, a Readable of unknown length': async (url, auth) => fromAxios(await axiosPost(
      url, form(Readable.from([spec]), { filename: 'spec.json' }), { auth })),
    'axios, plain object with a hand-set multipart Content-Type': async (url, auth) => fromAxios(
      await axiosPost(url, { job_type: 'property-details', file: spec },
        { auth, headers: { 'Content-Type': 'multipart/form-data' } })),
    'fetch + FormData + Blob': async (url, auth) => {
      const f = new globalThis.FormData();
      f.append('job_type', 'property-details');
      f.append('file', new Blob([spec], { type: 'application/json' }), 'spec.json');
      const res = await fetch(url, { method: 'POST', body: f, headers: {
        Authorization: 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64') } });
      return { status: res.status, body: await res.json() };
    },
  };
}

// A loopback listener that records each request's head and body size, and answers 200 `{}`.
function capture() {
  return new Promise((resolve) => {
    const seen = [];
    const server = net.createServer((sock) => {
      let buf = Buffer.alloc(0);
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n').slice(1);
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(),
          l.slice(l.indexOf(':') + 1).trim()]));
        const body = buf.subarray(end + 4);
        const done = headers['content-length'] !== undefined
          ? body.length >= Number(headers['content-length'])
          : body.subarray(-5).toString() === '0\r\n\r\n';
        if (!done) return;
        seen.push(headers);
        sock.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n' +
          'Connection: close\r\n\r\n{}');
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, seen,
      url: `http://127.0.0.1:${server.address().port}/v2/jobs/file` }));
  });
}

// What each shape sends: chunked or not, Content-Length or not, the boundary, the User-Agent.
async function recordWire(uploads) {
  const { server, seen, url } = await capture();
  const wire = {};
  for (const [name, send] of Object.entries(uploads)) {
    await send(url, { username: 'k', password: 's' });
    const h = seen.pop();
    wire[name] = {
      framing: h['transfer-encoding'] === 'chunked' ? 'chunked' : `Content-Length ${h['content-length']}`,
      boundary: (/boundary=(\S+)/.exec(h['content-type'] || '') || [])[1] || null,
      userAgent: h['user-agent'] || null,
    };
    console.log(`wire: ${name}: ${wire[name].framing}, boundary ${wire[name].boundary}, ` +
      `User-Agent ${wire[name].userAgent}`);
  }
  server.close();
  return wire;
}

async function advance(base, seconds) {
  await fetch(base + '/_mock/clock/advance', { method: 'POST', body: JSON.stringify({ seconds }) });
}

async function test(base, dataDir) {
  const uploads = shapes(path.join(dataDir, 'spec.json'));
  const wire = await recordWire(uploads);
  check('request sends no User-Agent of its own', wire['request without User-Agent'].userAgent === null);
  check('request sends a Content-Length', wire['request with User-Agent'].framing.startsWith('Content-Length'));
  for (const name of ['axios + form-data, Buffer', 'axios + form-data, fs.createReadStream', 'fetch + FormData + Blob']) {
    check(`${name} sends a Content-Length and a boundary`,
      wire[name].framing.startsWith('Content-Length') && wire[name].boundary !== null);
  }
  check('axios + form-data with a Readable of unknown length is sent chunked, without Content-Length',
    wire['axios + form-data, a Readable of unknown length'].framing === 'chunked');
  // The boundaries are ordinary (nothing the API could choke on) and the User-Agents as shown.
  const boundaries = {
    'request with User-Agent': /^-{26}\d{24}$/,
    'axios + form-data, Buffer': /^-{26}[0-9a-f]{24}$/,
    'axios + form-data, a Readable of unknown length': /^-{26}[0-9a-f]{24}$/,
    'fetch + FormData + Blob': /^-{4}formdata-undici-\d{12}$/,
  };
  for (const [name, pattern] of Object.entries(boundaries)) {
    check(`${name}: boundary ${wire[name].boundary} is ${pattern}`, pattern.test(wire[name].boundary));
  }
  check('axios sends User-Agent axios/VERSION',
    wire['axios + form-data, Buffer'].userAgent === `axios/${versions.axios}`);
  check('fetch sends User-Agent node', wire['fetch + FormData + Blob'].userAgent === 'node');
  check('axios replaces a hand-set multipart Content-Type with its own, boundary included',
    wire['axios, plain object with a hand-set multipart Content-Type'].boundary !== null);

  // The mock's answer to each shape.
  const expected = {
    'request without User-Agent': [403, 'ForbiddenException'],
    'request with User-Agent': [201],
    'axios + form-data, Buffer': [201],
    'axios + form-data, fs.createReadStream': [201],
    'axios + form-data, a Readable of unknown length': [400, 'FileNotFoundAtPathError', 'chunked'],
    'axios, plain object with a hand-set multipart Content-Type': [400, 'FileNotFoundAtPathError', 'plain form field'],
    'fetch + FormData + Blob': [201],
  };
  const auth = { username: 'demo-access-key', password: 'demo-secret-key' };
  const url = base + '/v2/jobs/file';
  for (const [name, send] of Object.entries(uploads)) {
    const [status, type, words] = expected[name];
    const res = await send(url, auth);
    const got = `${res.status} ${res.body.type || ''}`.trim();
    check(`${name}: ${[status, type].filter(Boolean).join(' ')} (got ${got})`,
      res.status === status && (!type || res.body.type === type) &&
      (!words || res.body.message.includes(words)));
    if (res.status === 201) {
      check(`${name}: the job starts with status null`, res.body.status === null);
      await advance(base, 5); // finished: the account may submit the next one
    }
  }

  // A whole job with request and the documented User-Agent: wait, then download with request.
  const created = await uploads['request with User-Agent'](url, auth);
  await advance(base, 5);
  const job = await requestAsync({ url: `${url}/${created.body.id}`, auth, headers: { 'User-Agent': 'node' } });
  check('request: the job reaches SUCCESS', job.body.status === 'SUCCESS');
  for (const resultUrl of job.body.result_urls) {
    const file = await requestAsync({ url: resultUrl });
    const lines = file.raw.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    check(`request: the result file has JSON lines with property ids (${lines.length})`,
      file.status === 200 && lines.length > 0 && lines.every((r) => typeof r.property_id === 'string'));
  }
  const wrong = await uploads['fetch + FormData + Blob'](url, { username: 'demo-access-key', password: 'x' });
  check('fetch with a wrong secret: 401 AuthorizationException',
    wrong.status === 401 && wrong.body.type === 'AuthorizationException');
}

// agree: the same job spec and CSV as every other client, on a real clock, results under OUT.
async function agree(base, key, secret, out, specPath, csvPath, metadataPath) {
  fs.mkdirSync(out, { recursive: true });
  const auth = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
  const url = base + '/v2/jobs/file';
  const submit = async (fields, filePath, type) => {
    const f = new globalThis.FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    f.append('file', new Blob([fs.readFileSync(filePath)], { type }), path.basename(filePath));
    const res = await fetch(url, { method: 'POST', body: f, headers: { Authorization: auth } });
    check(`fetch: ${fields.job_type} submitted (201)`, res.status === 201);
    let job = await res.json();
    for (let i = 0; i < 60 && job.status !== 'SUCCESS'; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      job = await (await fetch(`${url}/${job.id}`, { headers: { Authorization: auth } })).json();
    }
    check(`fetch: ${fields.job_type} reached SUCCESS`, job.status === 'SUCCESS');
    for (const resultUrl of job.result_urls) {
      const res2 = await fetch(resultUrl);
      const name = new URL(resultUrl).pathname.split('/').pop();
      fs.writeFileSync(path.join(out, name), Buffer.from(await res2.arrayBuffer()));
      check(`fetch: ${name} downloaded (200)`, res2.status === 200);
    }
  };
  await submit({ job_type: 'property-details' }, specPath, 'application/json');
  await submit({ job_type: 'match', metadata: fs.readFileSync(metadataPath, 'utf8') }, csvPath, 'text/csv');
}

const [mode, ...args] = process.argv.slice(2);
(mode === 'agree' ? agree(...args) : test(...args)).then(() => {
  console.log(failures ? `${failures} failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
}, (err) => { console.error(err); process.exit(1); });
