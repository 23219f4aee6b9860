import { readFile, rename, writeFile } from 'node:fs/promises'
import type { EmulatorSnapshot } from '../EmulatorSnapshot.js'

/** How long changes gather before one write (milliseconds). */
const WRITE_DELAY_MS = 100

/** Reads a snapshot file; `undefined` when it does not exist yet. Throws for a file that is there but unreadable. */
export async function readDataFile(path: string): Promise<EmulatorSnapshot | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return JSON.parse(text) as EmulatorSnapshot
  } catch (cause) {
    throw new Error(`${path} is not JSON; fix or remove it (it was not overwritten).`, { cause })
  }
}

/**
 * Writes snapshots to a file, at most one write in flight and changes batched for a moment. Each write
 * goes to a temporary file that is renamed over the old one, so a crash never leaves half a file; the
 * mode is 0600 because a snapshot holds private keys.
 */
export class DataFileWriter {
  private timer: ReturnType<typeof setTimeout> | undefined
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly path: string,
    private readonly snapshot: () => Promise<EmulatorSnapshot>,
    private readonly onError: (error: unknown) => void,
  ) {}

  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.writing = this.writing.then(() => this.write()).catch(this.onError)
    }, WRITE_DELAY_MS)
  }

  /** Writes pending changes now and waits for every write. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
      this.writing = this.writing.then(() => this.write()).catch(this.onError)
    }
    await this.writing
  }

  private async write(): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(await this.snapshot(), null, 2)}\n`, { mode: 0o600 })
    await rename(temporary, this.path)
  }
}
