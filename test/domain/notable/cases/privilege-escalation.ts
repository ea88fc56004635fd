import { call, VIA_CLOUDFORMATION, type RuleCases } from './shape.js';

const SM = 'sagemaker.amazonaws.com';

export const PRIVILEGE_ESCALATION_CASES: Record<string, RuleCases> = {
  'sagemaker-lifecycle-config': {
    positive: [
      call(SM, 'CreateNotebookInstanceLifecycleConfig', {
        notebookInstanceLifecycleConfigName: 'stratus-lifecycle',
        onStart: [{ content: '<sensitiveDataRemoved>' }],
      }),
      call(SM, 'UpdateNotebookInstance', {
        notebookInstanceName: 'research',
        lifecycleConfigName: 'stratus-lifecycle',
      }),
    ],
    negative: [
      call(SM, 'UpdateNotebookInstance', {
        notebookInstanceName: 'research',
        instanceType: 'ml.t3.large',
      }),
      call(
        SM,
        'CreateNotebookInstanceLifecycleConfig',
        {
          notebookInstanceLifecycleConfigName: 'conda-setup',
          onCreate: [{ content: '<sensitiveDataRemoved>' }],
        },
        { userIdentity: VIA_CLOUDFORMATION },
      ),
    ],
  },
};
