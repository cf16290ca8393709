import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, instanceId: string): Logger {
  return pino({ level, base: { instance: instanceId } });
}
