import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Fault } from './faultSchedule.ts';

/** What a Django server (SGP) or a proxy in front of OZmap answers when it falls over. */
export const htmlErrorPage =
  '<!doctype html>\n<html lang="en">\n<head><title>Server Error (500)</title></head>\n' +
  '<body>\n<h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n';

/** A plausible JSON document to cut in half when the handler never ran ('before'). */
const standInDocument = JSON.stringify({ paginacao: { offset: 0, limit: 100, parcial: 100, total: 1000 }, rows: [] });

const tickMs = 50;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function halfOf(text: string): string {
  return text.slice(0, Math.floor(text.length / 2));
}

function payloadText(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return '';
}

/** Destroys the response without a byte of it sent: the client sees a connection reset. */
async function resetConnection(reply: FastifyReply): Promise<void> {
  reply.raw.destroy();
  // Let the destruction land before Fastify tries to write, so that inject() sees it too.
  await new Promise((resolve) => setImmediate(resolve));
}

/** Streams `body` in small timed chunks: the whole body arrives, slowly. */
function slowStream(body: Buffer, fault: Extract<Fault, { kind: 'slowBody' }>): Readable {
  const ticks = fault.totalMs !== undefined ? Math.max(1, Math.ceil(fault.totalMs / tickMs)) : undefined;
  const chunk =
    ticks !== undefined
      ? Math.max(1, Math.ceil(body.length / ticks))
      : Math.max(1, Math.floor(((fault.bytesPerSecond ?? 1024) * tickMs) / 1000));
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    read() {
      timer = setTimeout(() => {
        this.push(body.subarray(offset, offset + chunk));
        offset += chunk;
        // End with the last byte: a client that has the whole body may close the server at once.
        if (offset >= body.length) this.push(null);
      }, tickMs);
    },
    destroy(error, callback) {
      // A client that gives up must not leave timers running behind it.
      clearTimeout(timer);
      callback(error);
    },
  });
}

function statusBody(fault: Extract<Fault, { kind: 'status' }>): string {
  return JSON.stringify(fault.body ?? { detail: `Injected fault: HTTP ${fault.status}` });
}

/**
 * Applies a 'before' fault in onRequest. Returns true when the request was answered (or its
 * connection destroyed) here, so that the handler must not run.
 */
export async function injectBefore(fault: Fault, reply: FastifyReply): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      if (fault.retryAfter !== undefined) reply.header('retry-after', String(fault.retryAfter));
      reply.code(fault.status).type('application/json; charset=utf-8').send(statusBody(fault));
      return true;
    case 'html200':
      reply.code(200).type('text/html; charset=utf-8').send(htmlErrorPage);
      return true;
    case 'truncated':
      reply.code(200).type('application/json').send(halfOf(standInDocument));
      return true;
    case 'reset':
      reply.hijack();
      await resetConnection(reply);
      return true;
    case 'latency':
      await sleep(fault.ms);
      return false;
    case 'slowBody':
      // Needs the real body: it is applied in onSend, whatever `when` says.
      return false;
  }
}

/** Applies an 'after' fault (and slowBody) in onSend: the handler has run; returns the payload to send. */
export async function injectAfter(fault: Fault, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.removeHeader('content-length');
  switch (fault.kind) {
    case 'status':
      if (fault.retryAfter !== undefined) reply.header('retry-after', String(fault.retryAfter));
      reply.code(fault.status).header('content-type', 'application/json; charset=utf-8');
      return statusBody(fault);
    case 'html200':
      reply.code(200).header('content-type', 'text/html; charset=utf-8');
      return htmlErrorPage;
    case 'truncated': {
      const text = payloadText(payload);
      reply.code(200).header('content-type', 'application/json; charset=utf-8');
      return halfOf(text.length > 1 ? text : standInDocument);
    }
    case 'reset':
      await resetConnection(reply);
      return payload;
    case 'latency':
      await sleep(fault.ms);
      return payload;
    case 'slowBody': {
      const body = Buffer.from(payloadText(payload), 'utf8');
      reply.header('content-length', String(body.length));
      return slowStream(body, fault);
    }
  }
}
