import { z } from 'zod';
import { manyStrings } from '../platform/http/forms.ts';
import { CATEGORIES } from './notifications.service.ts';

export const preferencesSchema = z.object({ kategori: manyStrings.pipe(z.array(z.enum(CATEGORIES, { error: 'Ukjent varseltype. Last siden på nytt og prøv igjen.' }))) });
