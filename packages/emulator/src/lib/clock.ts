/**
 * The emulator's clock: a time source plus an offset that tests move forward (or anywhere) without
 * waiting. Every expiry in the emulator (tokens, sessions, idle timeout, passcodes, flows, rate limits)
 * reads this clock, and the core verifier that checks tokens runs on it too.
 */
export class EmulatorClock {
  private offset = 0

  constructor(private readonly source: () => number) {}

  /** Milliseconds since the epoch. */
  readonly now = (): number => this.source() + this.offset

  advance(milliseconds: number): number {
    this.offset += milliseconds
    return this.now()
  }

  set(time: number): number {
    this.offset = time - this.source()
    return this.now()
  }

  reset(): void {
    this.offset = 0
  }
}

/** RFC 3339 in UTC with whole seconds, as Hanko prints times it parsed from a token. */
export function rfc3339(milliseconds: number): string {
  return new Date(Math.floor(milliseconds / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
