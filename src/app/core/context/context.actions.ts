import { createActionGroup, props } from '@ngrx/store';

export const ContextActions = createActionGroup({
  source: 'Context',
  events: {
    'Selected': props<{ companyId: string; productCode: string | null }>(),
  },
});
