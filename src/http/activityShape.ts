/**
 * What /api/messages needs before it hands an activity to the adapter. Returns the missing fields, so the sender
 * gets a 400 that says what to fix instead of a 500 from deep inside the SDK.
 */
export function missingActivityFields(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['activity (the body must be a JSON object)'];
  const activity = body as Record<string, unknown>;
  const missing: string[] = [];
  const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
  const nested = (key: string): Record<string, unknown> | undefined => {
    const value = activity[key];
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  };
  if (!nonEmpty(activity['type'])) missing.push('type');
  if (!nonEmpty(nested('conversation')?.['id'])) missing.push('conversation.id');
  if (!nonEmpty(nested('from')?.['id'])) missing.push('from.id');
  const serviceUrl = activity['serviceUrl'];
  if (!nonEmpty(serviceUrl)) missing.push('serviceUrl');
  else if (!URL.canParse(serviceUrl as string) || !/^https?:$/.test(new URL(serviceUrl as string).protocol)) {
    missing.push('serviceUrl (an http or https URL)');
  }
  return missing;
}
