import { z } from 'zod';

export const ARMS = ['AUTO_PBSCT', 'THALIDOMIDE_DEXAMETHASONE'] as const;
export const armSchema = z.enum(ARMS);
export type Arm = z.output<typeof armSchema>;
