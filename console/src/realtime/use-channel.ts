// Subscribes a page to one channel for as long as it is shown.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app.ts';
import type { Applied } from './sequencer.ts';

export function useChannel(channel: string | null, apply: (applied: Applied) => void): string | null {
  const { realtime } = useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!channel) return;
    setError(null);
    return realtime.subscribe(channel, { apply, error: (code, message) => setError(`${code}: ${message}`) });
  }, [channel, realtime]);
  return error;
}
