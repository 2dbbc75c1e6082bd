/**
 * What the reconciler writes to the log: a few structured lines. Declared here so that the
 * reconciler depends on no logging library and no app wiring; the app's pino logger fits it.
 */
export interface ReconcilerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
