import { call, denied, VIA_CLOUDFORMATION, type RuleCases } from './shape.js';

export const DEFENSE_EVASION_CASES: Record<string, RuleCases> = {
  'vpc-flow-logs-deleted': {
    positive: [
      call('ec2.amazonaws.com', 'DeleteFlowLogs', {
        DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: 'fl-0a1b2c3d4e5f60718' } },
      }),
      call(
        'ec2.amazonaws.com',
        'DeleteFlowLogs',
        { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: 'fl-0a1b2c3d4e5f60718' } } },
        denied,
      ),
    ],
    // a stack teardown: CloudFormation removing the flow log it created
    negative: [
      call(
        'ec2.amazonaws.com',
        'DeleteFlowLogs',
        { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: 'fl-0a1b2c3d4e5f60718' } } },
        { userIdentity: VIA_CLOUDFORMATION },
      ),
    ],
  },
  'dns-query-logging-deleted': {
    positive: [
      call('route53resolver.amazonaws.com', 'DisassociateResolverQueryLogConfig', {
        resolverQueryLogConfigId: 'rqlc-8ca61fe7c055415a',
        resourceId: 'vpc-0a1b2c3d',
      }),
      call('route53resolver.amazonaws.com', 'DeleteResolverQueryLogConfig', {
        resolverQueryLogConfigId: 'rqlc-8ca61fe7c055415a',
      }),
      call('route53.amazonaws.com', 'DeleteQueryLoggingConfig', { id: '87b8b4d1-3a4a' }),
    ],
    negative: [
      call(
        'route53resolver.amazonaws.com',
        'DeleteResolverQueryLogConfig',
        { resolverQueryLogConfigId: 'rqlc-8ca61fe7c055415a' },
        { userIdentity: VIA_CLOUDFORMATION },
      ),
    ],
  },
};
