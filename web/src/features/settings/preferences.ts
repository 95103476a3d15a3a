import { CHANNELS, NOTIFICATION_TYPES, type Preferences, type PreferencesInput } from './api';

export type Channel = (typeof CHANNELS)[number];

/** What the preferences form edits: every type's channels spelled out, and the optional windows as switches. */
export interface PreferencesForm {
  email: string;
  timeZone: string;
  channels: Record<string, Channel[]>;
  quietHoursOn: boolean;
  quietStart: string;
  quietEnd: string;
  digestOn: boolean;
  digestTime: string;
  digestTypes: string[];
}

const hhmm = (time: string | undefined, fallback: string) => (time ? time.slice(0, 5) : fallback);

/** The service's effective preferences as the form shows them (types it does not name use its defaults). */
export function toForm(preferences: Preferences): PreferencesForm {
  const defaults = (preferences.defaultChannels ?? [...CHANNELS]) as Channel[];
  const channels: Record<string, Channel[]> = {};
  for (const type of NOTIFICATION_TYPES) {
    channels[type] = ((preferences.channels?.[type] as Channel[] | undefined) ?? defaults).filter((c) => CHANNELS.includes(c));
  }
  return {
    email: preferences.email ?? '',
    timeZone: preferences.timeZone ?? '',
    channels,
    quietHoursOn: !!preferences.quietHours,
    quietStart: hhmm(preferences.quietHours?.start, '22:00'),
    quietEnd: hhmm(preferences.quietHours?.end, '07:00'),
    digestOn: !!preferences.digest,
    digestTime: hhmm(preferences.digest?.time, '08:00'),
    digestTypes: preferences.digest?.types ?? [],
  };
}

/** The PUT body: it replaces the person's settings, so everything the form shows is sent. */
export function toRequest(form: PreferencesForm): PreferencesInput {
  return {
    ...(form.email.trim() ? { email: form.email.trim() } : {}),
    ...(form.timeZone ? { timeZone: form.timeZone } : {}),
    channels: form.channels,
    ...(form.quietHoursOn ? { quietHours: { start: form.quietStart, end: form.quietEnd } } : {}),
    ...(form.digestOn ? { digest: { time: form.digestTime, types: form.digestTypes } } : {}),
  };
}

/** API field paths (`quietHours.start`, `digest.types`) onto the form's fields. */
export const PREFERENCE_ERROR_FIELDS: Record<string, keyof PreferencesForm> = {
  'quietHours': 'quietStart',
  'quietHours.start': 'quietStart',
  'quietHours.end': 'quietEnd',
  'digest': 'digestTime',
  'digest.time': 'digestTime',
  'digest.types': 'digestTypes',
  'timeZone': 'timeZone',
  'email': 'email',
};
