// The control endpoints every mock provider shares: injected faults and a request log.
//
//   POST /__mock/faults  {"path": "/v1/people/me", "fault": {...}, "times": 2, "skip": 0}
//     path   exact request path, or "*" for any path except /__mock/*
//     times  how many matching requests the fault hits (default 1; null = until reset)
//     skip   how many matching requests pass untouched first (default 0), so a fault
//            can hit the second page of a list that pages on the same path
//     query  only requests whose query has these parameters with these values
//            match, e.g. {"page": "2"} (pages fetched side by side)
//     fault  any mix of:
//       status          answer with this status; without body/rawBody the body is
//                       the provider's own error JSON for that status
//       headers         extra response headers, e.g. {"Retry-After": "1"}. Browsers hide
//                       non-safelisted headers unless Access-Control-Expose-Headers names them.
//       body            a JSON value sent as the response body
//       rawBody         a string sent verbatim (default status 200, JSON content type)
//       contentType     content type for rawBody
//       delayMs         wait this long before answering (at most MAX_DELAY_MS)
//       dropConnection  close the socket without an answer
//       cutBodyAt       send the headers (with the full Content-Length) and this many
//                       bytes of the body, then close the socket mid-body
//       hugeBodyBytes   answer 200 with a JSON body of this many bytes (at most
//                       MAX_HUGE_BODY_BYTES), written in chunks as the client reads
//       chunked         with hugeBodyBytes: no Content-Length, so the client only
//                       learns the size by reading
//       noCors          answer without CORS headers, so the browser refuses the response
//       maxItems        list endpoints return at most this many items this time (with a
//                       next page token for the rest), as real APIs may return fewer
//                       items than the page size asked for
//   GET  /__mock/log     {"requests": [{method, path, query, auth, fault, status}]}
//                        auth is "valid", "invalid" or "missing"; the token itself is never kept
//   POST /__mock/reset   forget faults and log
//
// Preflight (OPTIONS) requests are always answered normally and never use up a fault.

import { readParams, sendJson, sleep } from './http.mjs';

const MAX_DELAY_MS = 60_000;
const MAX_LOG_ENTRIES = 2_000;
const MAX_HUGE_BODY_BYTES = 256 * 1024 * 1024;
const HUGE_BODY_CHUNK_BYTES = 64 * 1024;

export function createControl() {
  const faults = [];
  const requests = [];

  /** Handles a /__mock/* request; returns false for any other path. */
  async function handleControlRequest(req, res, url, corsHeaders) {
    if (!url.pathname.startsWith('/__mock/')) return false;

    if (req.method === 'GET' && url.pathname === '/__mock/log') {
      sendJson(res, 200, { requests }, corsHeaders);
    } else if (req.method === 'POST' && url.pathname === '/__mock/reset') {
      faults.length = 0;
      requests.length = 0;
      sendJson(res, 200, { ok: true }, corsHeaders);
    } else if (req.method === 'POST' && url.pathname === '/__mock/faults') {
      const params = await readParams(req);
      const problem = validateFault(params);
      if (problem) {
        sendJson(res, 400, { error: problem }, corsHeaders);
      } else {
        faults.push({
          path: params.path,
          fault: params.fault,
          remaining: params.times === null ? Infinity : (params.times ?? 1),
          skip: params.skip ?? 0,
          query: params.query ?? null,
        });
        sendJson(res, 200, { ok: true, faults: faults.length }, corsHeaders);
      }
    } else {
      sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` }, corsHeaders);
    }
    return true;
  }

  /** Records a request; returns the log entry so the caller can add the fault and status. */
  function record(req, res, url, auth) {
    const entry = {
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth,
      fault: null,
      status: null,
    };
    if (requests.length < MAX_LOG_ENTRIES) requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    return entry;
  }

  /**
   * Takes the first fault that matches `path` and `query` (URLSearchParams),
   * counting one use (or one skip).
   */
  function takeFault(path, query) {
    const queryMatches = (wanted) =>
      !wanted || Object.entries(wanted).every(([name, value]) => query?.get(name) === value);
    const index = faults.findIndex(
      (f) => (f.path === path || f.path === '*') && queryMatches(f.query),
    );
    if (index < 0) return null;
    const entry = faults[index];
    if (entry.skip > 0) {
      entry.skip -= 1;
      return null;
    }
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  return { handleControlRequest, record, takeFault };
}

/**
 * Plays the parts of `fault` that replace the normal answer. Returns true when the
 * request is fully answered (or dropped), false when the normal handler should go on.
 */
export async function playFault(fault, res, corsHeaders, errorBodyFor) {
  if (fault.delayMs) await sleep(Math.min(Number(fault.delayMs) || 0, MAX_DELAY_MS));

  if (fault.dropConnection) {
    res.socket?.destroy();
    return true;
  }

  const headers = { ...(fault.noCors ? {} : corsHeaders), ...(fault.headers || {}) };
  if (fault.hugeBodyBytes) {
    await sendHugeBody(res, Math.min(Number(fault.hugeBodyBytes) || 0, MAX_HUGE_BODY_BYTES), {
      chunked: Boolean(fault.chunked),
      headers,
    });
    return true;
  }
  if (fault.cutBodyAt !== undefined) {
    const text = fault.rawBody === undefined ? `{"cut":"${'x'.repeat(4096)}"}` : fault.rawBody;
    const body = Buffer.from(String(text));
    res.writeHead(fault.status || 200, {
      'Content-Type': fault.contentType || 'application/json; charset=utf-8',
      'Content-Length': body.length,
      ...headers,
    });
    res.write(body.subarray(0, Math.min(Number(fault.cutBodyAt) || 0, body.length - 1)));
    // Let the bytes leave before the socket goes, so the cut lands mid-body.
    setTimeout(() => res.socket?.destroy(), 50);
    return true;
  }
  if (fault.rawBody !== undefined) {
    const body = String(fault.rawBody);
    res.writeHead(fault.status || 200, {
      'Content-Type': fault.contentType || 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    res.end(body);
    return true;
  }
  if (fault.body !== undefined) {
    sendJson(res, fault.status || 200, fault.body, headers);
    return true;
  }
  if (fault.status) {
    sendJson(res, fault.status, errorBodyFor(fault.status), headers);
    return true;
  }
  return false;
}

/**
 * Writes `{"pad":"xxx…"}` of `bytes` bytes, a chunk at a time and only as fast
 * as the client reads, and stops when the client goes away.
 */
function sendHugeBody(res, bytes, { chunked, headers }) {
  const head = '{"pad":"';
  const tail = '"}';
  const padding = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    ...(chunked ? {} : { 'Content-Length': head.length + padding + tail.length }),
    ...headers,
  });
  const chunk = Buffer.alloc(HUGE_BODY_CHUNK_BYTES, 'x');
  return new Promise((resolve) => {
    let left = padding;
    let closed = false;
    res.on('close', () => {
      closed = true;
      resolve();
    });
    res.write(head);
    const pump = () => {
      while (!closed && left > 0) {
        const size = Math.min(left, chunk.length);
        left -= size;
        if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) res.end(tail, resolve);
    };
    pump();
  });
}

/** Describes a fault in the log without copying bodies. */
export function describeFault(fault) {
  return Object.keys(fault).join('+');
}

function validateFault(params) {
  if (typeof params.path !== 'string' || !params.path) return 'path must be a non-empty string';
  if (!params.fault || typeof params.fault !== 'object') return 'fault must be an object';
  const times = params.times;
  if (times !== undefined && times !== null && !(Number.isInteger(times) && times > 0)) {
    return 'times must be a positive integer or null';
  }
  const query = params.query;
  if (query !== undefined && query !== null) {
    const values = typeof query === 'object' ? Object.values(query) : [null];
    if (!values.every((v) => typeof v === 'string')) return 'query must be an object of strings';
  }
  const skip = params.skip;
  if (skip !== undefined && !(Number.isInteger(skip) && skip >= 0)) {
    return 'skip must be a whole number';
  }
  const known = [
    'status',
    'headers',
    'body',
    'rawBody',
    'contentType',
    'delayMs',
    'dropConnection',
    'cutBodyAt',
    'hugeBodyBytes',
    'chunked',
    'noCors',
    'maxItems',
  ];
  const unknown = Object.keys(params.fault).filter((key) => !known.includes(key));
  if (unknown.length) return `unknown fault fields: ${unknown.join(', ')}`;
  return null;
}
