/**
 * A request relayed to a worker over its message port: the answer side must stream a long answer
 * (an export) piece by piece, make its writer wait while the front's client has not taken a
 * megabyte of it, and send bytes of its own, which the worker moves to the front without a copy.
 */
import { describe, expect, it } from 'vitest';
import { RelayedExchange, type RelayedPart } from '../../../src/adapters/http/isolated/relayedExchange.js';

function exchange(): { exchange: RelayedExchange; parts: RelayedPart[] } {
  const parts: RelayedPart[] = [];
  const relayed = new RelayedExchange({ id: 7, method: 'GET', url: '/_swf-sim/state', headers: {} }, (part) =>
    parts.push(part),
  );
  return { exchange: relayed, parts };
}

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString();

describe('RelayedExchange: the answer to a relayed request', () => {
  it('goes in one piece when ended at once', () => {
    const { exchange: relayed, parts } = exchange();
    relayed.response.writeHead(404, { 'content-type': 'application/json' });
    relayed.response.end('{"no":1}');
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ id: 7, status: 404, headers: { 'content-type': 'application/json' } });
    expect(parts[0]).not.toHaveProperty('more');
    expect(text((parts[0] as { body: Uint8Array }).body)).toBe('{"no":1}');
  });

  it('streams written pieces, and holds its writer back while a megabyte is not taken', () => {
    const { exchange: relayed, parts } = exchange();
    const res = relayed.response;
    let drains = 0;
    res.on('drain', () => drains++);
    const piece = 'x'.repeat(600 * 1024);
    res.writeHead(200, { 'content-type': 'application/json' });
    expect(res.write(piece)).toBe(true);
    expect(res.write(piece)).toBe(false);
    relayed.taken(100 * 1024);
    expect(drains).toBe(0);
    relayed.taken(500 * 1024);
    expect(drains).toBe(1);
    res.end('!');
    expect(parts.map((part) => ('status' in part ? ['head', part.more] : ['more', part.end]))).toEqual([
      ['head', true],
      ['more', false],
      ['more', true],
    ]);
    expect(parts.map((part) => text('status' in part ? part.body : part.chunk)).join('')).toBe(
      `${piece}${piece}!`,
    );
  });

  it('sends bytes of its own: a caller may reuse what it wrote', () => {
    const { exchange: relayed, parts } = exchange();
    const written = Buffer.from('abc');
    relayed.response.write(written);
    const sent = (parts[0] as { body: Uint8Array }).body;
    expect(sent.buffer).not.toBe(written.buffer);
    // Its own whole buffer: moving it to the front moves nothing else.
    expect(sent.byteLength).toBe(sent.buffer.byteLength);
    written.write('xyz');
    expect(text(sent)).toBe('abc');
  });

  it('stops, and lets a waiting writer go, when its client hangs up', () => {
    const { exchange: relayed, parts } = exchange();
    const res = relayed.response;
    let closed = false;
    res.on('close', () => (closed = true));
    res.write('x'.repeat(2 * 1024 * 1024));
    relayed.hangUp();
    expect(closed).toBe(true);
    expect(res.destroyed).toBe(true);
    expect(res.write('more')).toBe(false);
    res.end();
    expect(parts).toHaveLength(1);
  });
});
