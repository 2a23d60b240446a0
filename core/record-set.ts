import type { DocumentRecord } from '../ingest/index.js';
import { recordText } from './records-file.js';

/**
 * The corpus's article records in memory, found by id, by source file and by content hash:
 * every file ingested asks for the records of its name and of its bytes, which a scan of all
 * records made quadratic in the corpus. Each record's text in the records file is kept too,
 * as it was read or serialised once, so that writing the file does not serialise them all.
 * Records are not changed once set.
 */
export class RecordSet {
  private readonly byId = new Map<string, DocumentRecord>();
  private readonly textById = new Map<string, Uint8Array>();
  private readonly idsByFile = new Map<string, Set<string>>();
  private readonly idsByContent = new Map<string, Set<string>>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): DocumentRecord | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** In the order they were added. */
  values(): IterableIterator<DocumentRecord> {
    return this.byId.values();
  }

  keys(): IterableIterator<string> {
    return this.byId.keys();
  }

  /** Source file names that records come from. */
  files(): IterableIterator<string> {
    return this.idsByFile.keys();
  }

  /** `text`: the record's text in the records file, when it is at hand (read, or from a worker). */
  set(record: DocumentRecord, text?: Uint8Array): void {
    this.delete(record.id);
    this.byId.set(record.id, record);
    if (text) this.textById.set(record.id, text);
    addTo(this.idsByFile, record.file, record.id);
    addTo(this.idsByContent, record.contentHash, record.id);
  }

  delete(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    this.byId.delete(id);
    this.textById.delete(id);
    removeFrom(this.idsByFile, record.file, id);
    removeFrom(this.idsByContent, record.contentHash, id);
  }

  /** Every record's text in the records file, in the order of values(). */
  texts(): Uint8Array[] {
    return [...this.byId.values()].map((record) => {
      let text = this.textById.get(record.id);
      if (!text) this.textById.set(record.id, (text = recordText(record)));
      return text;
    });
  }

  /** The articles of one source file. */
  ofFile(file: string): DocumentRecord[] {
    return [...(this.idsByFile.get(file) ?? [])].map((id) => this.byId.get(id)!);
  }

  /** An article of a file with these bytes (its content hash), if any. */
  withContent(contentHash: string): DocumentRecord | undefined {
    const [id] = this.idsByContent.get(contentHash) ?? [];
    return id === undefined ? undefined : this.byId.get(id);
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}
