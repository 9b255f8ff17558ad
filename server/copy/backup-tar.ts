import { Transform, type TransformCallback } from 'node:stream';
import YAML from 'yaml';

const BLOCK = 512;
/** Backup metadata the daemon reads when it imports: small YAML files, rewritten whole. */
const METADATA = /^backup\/(index\.yaml|(container|virtual-machine)\/backup\.yaml|snapshots\/[^/]+\/backup\.yaml)$/;

/**
 * A streaming filter over an uncompressed backup tarball that removes the named config keys from
 * the backup's YAML metadata (every `config`/`expanded_config` map in index.yaml and backup.yaml),
 * so that a daemon of the other kind accepts it. Everything else passes through block by block,
 * so memory stays flat whatever the instance's size. Long names (GNU `L`, PAX `x`) are followed.
 */
export class BackupConfigFilter extends Transform {
  private pending = Buffer.alloc(0);
  /** Bytes of the current entry still to pass (data plus padding), or to collect when `collecting`. */
  private remaining = 0;
  private collecting: { header: Buffer; name: string; size: number; chunks: Buffer[] } | null = null;
  private longName: string | null = null;
  private longNameEntry: { chunks: Buffer[]; pax: boolean } | null = null;
  private ended = false;

  constructor(private readonly dropKeys: ReadonlySet<string>) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.pending.length) this.push(this.pending);
    done();
  }

  private consume(input: Buffer): void {
    let chunk = this.pending.length ? Buffer.concat([this.pending, input]) : input;
    this.pending = Buffer.alloc(0);
    while (chunk.length) {
      if (this.ended) {
        this.push(chunk);
        return;
      }
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length);
        const part = chunk.subarray(0, take);
        if (this.collecting) this.collecting.chunks.push(Buffer.from(part));
        else if (this.longNameEntry) {
          this.longNameEntry.chunks.push(Buffer.from(part));
          this.push(part);
        } else this.push(part);
        this.remaining -= take;
        chunk = chunk.subarray(take);
        if (this.remaining === 0) this.entryDone();
        continue;
      }
      if (chunk.length < BLOCK) {
        this.pending = Buffer.from(chunk);
        return;
      }
      const header = chunk.subarray(0, BLOCK);
      chunk = chunk.subarray(BLOCK);
      this.header(Buffer.from(header));
    }
  }

  private header(header: Buffer): void {
    if (header.every((b) => b === 0)) {
      // The end-of-archive marker: nothing after it needs looking at.
      this.ended = true;
      this.push(header);
      return;
    }
    const size = readSize(header);
    const type = String.fromCharCode(header[156] || 48);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const name = this.longName ?? headerName(header);
    this.longName = null;
    if (type === 'L' || type === 'x') {
      this.longNameEntry = { chunks: [], pax: type === 'x' };
      this.push(header);
      this.remaining = padded;
      if (padded === 0) this.entryDone();
      return;
    }
    if ((type === '0' || type === '\0') && METADATA.test(name.replace(/^\.\//, '')) && this.dropKeys.size) {
      this.collecting = { header, name, size, chunks: [] };
      this.remaining = padded;
      if (padded === 0) this.entryDone();
      return;
    }
    this.push(header);
    this.remaining = padded;
  }

  private entryDone(): void {
    if (this.longNameEntry) {
      const data = Buffer.concat(this.longNameEntry.chunks);
      this.longName = this.longNameEntry.pax ? paxPath(data) : data.toString('utf8').replace(/\0.*$/s, '');
      this.longNameEntry = null;
      return;
    }
    const entry = this.collecting;
    if (!entry) return;
    this.collecting = null;
    const text = Buffer.concat(entry.chunks).subarray(0, entry.size).toString('utf8');
    const body = Buffer.from(dropConfigKeys(text, this.dropKeys), 'utf8');
    const header = Buffer.from(entry.header);
    writeSize(header, body.length);
    this.push(header);
    this.push(body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) this.push(Buffer.alloc(pad));
  }
}

/** Removes `drop` keys from every config map of a backup's YAML (index.yaml or backup.yaml). */
export function dropConfigKeys(text: string, drop: ReadonlySet<string>): string {
  const doc = YAML.parse(text) as unknown;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if ((key === 'config' || key === 'expanded_config') && child && typeof child === 'object' && !Array.isArray(child)) {
        for (const k of drop) delete (child as Record<string, unknown>)[k];
      }
      walk(child);
    }
  };
  walk(doc);
  return YAML.stringify(doc, { lineWidth: 0 });
}

function headerName(header: Buffer): string {
  const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  const name = field(0, 100);
  const magic = field(257, 6);
  const prefix = magic.startsWith('ustar') ? field(345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function paxPath(data: Buffer): string | null {
  for (const record of data.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return null;
}

function readSize(header: Buffer): number {
  const field = header.subarray(124, 136);
  if (field[0] & 0x80) {
    // Base-256 for sizes beyond the octal field.
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  return parseInt(field.toString('ascii').replace(/[\0 ]/g, '') || '0', 8);
}

function writeSize(header: Buffer, size: number): void {
  header.write(size.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
}
