// 193 delegations submitting amendments and 200 readers fetching the clean text, spread over the given
// instances, for a fixed duration. Prints one JSON line of results. Loopback only.
//   node load.mjs seed.json 30 http://127.0.0.1:5081 [http://127.0.0.1:5082]
import autocannon from 'autocannon';
import { readFileSync, writeFileSync } from 'node:fs';

const [seedFile, seconds, ackFile, ...bases] = process.argv.slice(2);
for (const base of bases) {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/.test(base)) {
    throw new Error(`load runs target loopback only, not ${base}`);
  }
}

const seed = JSON.parse(readFileSync(seedFile, 'utf8'));
const duration = Number(seconds);
const writers = seed.keys.length;  // one connection per delegation, each with its own key
const readers = Number(process.env.READERS ?? 200);
let sequence = 0;
// Every proposal whose 201 reached us, by its unique text: afterwards each must be stored exactly once.
const acknowledged = [];

function writerRun(base, keys) {
  let next = 0;
  return autocannon({
    url: base,
    connections: keys.length,
    duration,
    // Each connection is one delegation with its own key.
    setupClient: (client) => {
      client.setHeaders({ 'x-api-key': keys[next++ % keys.length], 'content-type': 'application/json' });
    },
    requests: [{
      method: 'POST',
      path: `/api/documents/${seed.documentId}/amendments`,
      setupRequest: (request) => {
        const n = sequence++;
        const block = seed.blocks[n % seed.blocks.length];
        const word = block.words[Math.floor(n / seed.blocks.length) % block.words.length];
        request.body = JSON.stringify({ kind: 'replace', blockId: block.id, baseVersion: 1, quote: word, text: `load${n}` });
        return request;
      },
      onResponse: (status, body) => {
        if (status === 201) {
          acknowledged.push(JSON.parse(body).text);
        }
      },
    }],
  });
}

function readerRun(base, count, key) {
  return autocannon({
    url: `${base}/api/documents/${seed.documentId}/text?format=markdown`,
    connections: count,
    duration,
    headers: { 'x-api-key': key, accept: 'text/markdown' },
  });
}

const share = (total, i) => Math.floor(total / bases.length) + (i < total % bases.length ? 1 : 0);
const runs = [];
let offset = 0;
bases.forEach((base, i) => {
  const keys = seed.keys.slice(offset, offset + share(writers, i));
  offset += keys.length;
  runs.push(writerRun(base, keys).then((r) => ({ kind: 'write', r })));
  if (readers > 0) {
    runs.push(readerRun(base, share(readers, i), seed.keys[i]).then((r) => ({ kind: 'read', r })));
  }
});

const results = await Promise.all(runs);
const summary = { instances: bases.length, duration, writes: {}, reads: {} };
for (const kind of ['write', 'read']) {
  const rs = results.filter((x) => x.kind === kind).map((x) => x.r);
  const requests = rs.reduce((sum, r) => sum + r.requests.total, 0);
  summary[`${kind}s`] = {
    requests,
    ok: rs.reduce((sum, r) => sum + r['2xx'], 0),
    notOk: rs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
    perSecond: Math.round(requests / duration),
    statusCodes: Object.assign({}, ...rs.map((r) => r.statusCodeStats ?? {})),
    errors: rs.reduce((sum, r) => sum + r.errors, 0),
    timeouts: rs.reduce((sum, r) => sum + r.timeouts, 0),
    p50: rs.length ? Math.max(...rs.map((r) => r.latency.p50)) : 0,
    p99: rs.length ? Math.max(...rs.map((r) => r.latency.p99)) : 0,
  };
}
summary.writes.acknowledged = acknowledged.length;
summary.writes.connections = writers;
writeFileSync(ackFile, JSON.stringify(acknowledged));
console.log(JSON.stringify(summary));
