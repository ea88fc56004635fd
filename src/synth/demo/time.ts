/** Story times are written as a day and a UTC clock time, which reads like an incident timeline. */
export function at(day: string, hms: string): number {
  return Date.parse(`${day}T${hms}Z`);
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
