import { eq } from './eq.ts';
import { includes } from './includes.ts';
import { dateTime } from './date-time.ts';
import { fieldError } from './field-error.ts';
import { value } from './lookup-value.ts';
import { number } from './number.ts';
import { url } from './url.ts';

const not = (v: unknown) => !v;
const or = (...args: unknown[]) => args.slice(0, -1).some(Boolean);
const and = (...args: unknown[]) => args.slice(0, -1).every(Boolean);

export const helpers = { eq, includes, dateTime, fieldError, value, number, url, not, or, and };
