import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, zipOf, ctEvent, type Evidence } from './evidence.js';
import { count, fileRow, indexInto, withDb } from './index-helpers.js';
import { gzipSync } from 'node:zlib';
import { EventReader } from '../../src/store/event-reader.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown, indent?: number): string => JSON.stringify(v, null, indent);

describe('every input shape is detected from content and indexed', () => {
  it('S3 delivery (gzip, pretty), Insights, digest, lookup-events, JSON Lines, array, single event, CloudWatch, EventBridge, SIEM, CSV, zip', async () => {
    ev = evidenceDir();
    const r = (tag: string, n = 2, o = {}) => records(n, tag, o);
    ev.writeGz('AWSLogs/1/CloudTrail/us-east-1/a.json.gz', j({ Records: r('s3') }));
    ev.write('pretty.json', j({ Records: r('pretty') }, 2));
    const insight = {
      eventVersion: '1.07',
      eventTime: '2024-04-11T12:00:00Z',
      awsRegion: 'us-east-1',
      eventID: 'ins-1',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '111122223333',
      sharedEventID: 'sh-1',
      eventCategory: 'Insight',
      insightDetails: {
        state: 'Start',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        insightType: 'ApiCallRateInsight',
      },
    };
    ev.writeGz('AWSLogs/1/CloudTrail-Insight/us-east-1/i.json.gz', j({ Records: [insight] }));
    ev.writeGz(
      'AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz',
      j({
        awsAccountId: '111122223333',
        digestStartTime: '2024-04-11T11:00:00Z',
        digestEndTime: '2024-04-11T12:00:00Z',
        logFiles: [{ s3Bucket: 'b', s3Object: 'k', hashValue: 'ab' }],
        previousDigestSignature: null,
      }),
    );
    const lookup = (tag: string) => ({
      Events: r(tag).map((e) => ({
        EventId: e.eventID,
        EventName: e.eventName,
        CloudTrailEvent: JSON.stringify(e),
      })),
      NextToken: 'x',
    });
    ev.write('lookup.json', j(lookup('lk1'), 4) + '\n' + j(lookup('lk2'), 4));
    ev.write(
      'lines.jsonl',
      r('jl', 3)
        .map((e) => j(e))
        .join('\n') + '\n',
    );
    ev.write('array.json', j(r('arr')));
    ev.write('single.json', j(ctEvent({ eventID: 'single-1' }), 2));
    ev.write(
      'cw-lines.json',
      r('cw')
        .map((e) => j({ timestamp: 1712836800000, message: j(e) }))
        .join('\n'),
    );
    ev.write(
      'cw-filter.json',
      j({
        events: r('cwf').map((e) => ({
          logStreamName: 's',
          timestamp: 1,
          message: j(e),
          eventId: '1',
        })),
        searchedLogStreams: [],
      }),
    );
    ev.write(
      'eventbridge.json',
      j([
        {
          version: '0',
          'detail-type': 'AWS API Call via CloudTrail',
          source: 'aws.ec2',
          detail: ctEvent({ eventID: 'eb-1' }),
        },
      ]),
    );
    ev.write(
      'splunk.jsonl',
      r('siem')
        .map((e) => j({ _time: 1, host: 'h', _raw: j(e) }))
        .join('\n'),
    );
    ev.write(
      'console.csv',
      '\ufeffEvent ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Read-only\n' +
        'csv-1,2024-04-11T12:00:00Z,alice,CreateUser,AWS::IAM::User,bob,AKIAEXAMPLE,us-east-1,,198.51.100.7,false\n' +
        '"csv-2","2024-04-11T12:01:00Z","alice","GetObject","AWS::S3::Object","arn:aws:s3:::b/k, arn:aws:s3:::b",,"us-east-1","AccessDenied","198.51.100.7","true"\n',
    );
    ev.write(
      'bundle.zip',
      zipOf([
        { name: 'inner/a.json', data: Buffer.from(j({ Records: r('zipa') })) },
        { name: 'inner/b.json.gz', data: gzipSync(j({ Records: r('zipb') })) },
        { name: 'inner/', data: Buffer.alloc(0) },
      ]),
    );

    const s = await indexInto(ev);
    expect(s.failed).toEqual([]);
    expect(s.notCloudTrail).toEqual([]);
    const shape = (rel: string) => [
      fileRow(ev, rel).shape,
      fileRow(ev, rel).status,
      fileRow(ev, rel).events,
    ];
    expect(shape('AWSLogs/1/CloudTrail/us-east-1/a.json.gz')).toEqual([
      's3-delivery',
      'indexed',
      2,
    ]);
    expect(shape('pretty.json')).toEqual(['s3-delivery', 'indexed', 2]);
    expect(shape('AWSLogs/1/CloudTrail-Insight/us-east-1/i.json.gz')).toEqual([
      'insights',
      'indexed',
      1,
    ]);
    expect(shape('AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz')).toEqual([
      'digest',
      'digest',
      0,
    ]);
    expect(
      JSON.parse(fileRow(ev, 'AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz').digest!)
        .awsAccountId,
    ).toBe('111122223333');
    expect(shape('lookup.json')).toEqual(['lookup-events', 'indexed', 4]);
    expect(shape('lines.jsonl')).toEqual(['json-lines', 'indexed', 3]);
    expect(shape('array.json')).toEqual(['json-array', 'indexed', 2]);
    expect(shape('single.json')).toEqual(['single-event', 'indexed', 1]);
    expect(shape('cw-lines.json')).toEqual(['cloudwatch-logs', 'indexed', 2]);
    expect(shape('cw-filter.json')).toEqual(['cloudwatch-logs', 'indexed', 2]);
    expect(shape('eventbridge.json')).toEqual(['eventbridge', 'indexed', 1]);
    expect(shape('splunk.jsonl')).toEqual(['siem-wrapper', 'indexed', 2]);
    expect(shape('console.csv')).toEqual(['console-csv', 'indexed', 2]);
    expect(shape('bundle.zip!inner/a.json')).toEqual(['s3-delivery', 'indexed', 2]);
    expect(shape('bundle.zip!inner/b.json.gz')).toEqual(['s3-delivery', 'indexed', 2]);
    expect(shape('bundle.zip')).toEqual(['zip', 'indexed', 4]);
    expect(fileRow(ev, 'bundle.zip').sha256).toMatch(/^[0-9a-f]{64}$/);

    expect(s.events.added).toBe(2 + 2 + 1 + 4 + 3 + 2 + 1 + 2 + 2 + 1 + 2 + 2 + 4);
    expect(
      count(
        ev,
        "SELECT count(*) FROM events_v WHERE category = 'Insight' AND event_name = 'RunInstances'",
      ),
    ).toBe(1);
    withDb(ev, (db) => {
      const reader = new EventReader(db);
      const csv = reader.rowByEventId('csv-2')!;
      expect([
        csv.event_name,
        csv.error_code,
        csv.read_only,
        csv.user_name,
        csv.aws_region,
      ]).toEqual(['GetObject', 'AccessDenied', 1, 'alice', 'us-east-1']);
      expect(reader.rawRecord(csv)['Resource name']).toBe('arn:aws:s3:::b/k, arn:aws:s3:::b');
      const res = db
        .prepare('SELECT count(*) FROM event_resources WHERE event_rowid = ?')
        .pluck()
        .get(csv.id);
      expect(res).toBe(2);
      // the original record is kept exactly (lookup-events: the CloudTrailEvent string)
      const lk = reader.rowByEventId('lk1-000000')!;
      expect(reader.rawRecord(lk).eventID).toBe('lk1-000000');
      expect(reader.provenance(lk.id)[0].path).toBe(ev.path('lookup.json'));
    });
    expect(s.shapes['s3-delivery']).toBe(4);
  });

  it('reads UTF-16 files (Windows PowerShell output), small and streamed', async () => {
    ev = evidenceDir();
    const utf16 = (text: string) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    ev.write(
      'ps.json',
      utf16(j({ Records: records(2, 'ps', { userAgent: 'PowerShell/7 \u00e9\u4e2d' }) }, 2)),
    );
    ev.write('ps-big.json', utf16(j({ Records: records(300, 'psbig') })));
    // without a byte-order mark, either byte order
    ev.write('nobom-le.json', Buffer.from(j({ Records: records(2, 'le') }), 'utf16le'));
    ev.write('nobom-be.json', Buffer.from(j({ Records: records(2, 'be') }), 'utf16le').swap16());
    const s = await indexInto(ev, [ev.dir], {
      limits: { wholeParseMax: 8 * 1024, wholeReadMax: 8 * 1024 },
    });
    expect(s.failed).toEqual([]);
    expect(fileRow(ev, 'ps.json')).toMatchObject({
      status: 'indexed',
      shape: 's3-delivery',
      events: 2,
    });
    expect(fileRow(ev, 'ps-big.json')).toMatchObject({ status: 'indexed', events: 300 });
    expect(fileRow(ev, 'nobom-le.json')).toMatchObject({ status: 'indexed', events: 2 });
    expect(fileRow(ev, 'nobom-be.json')).toMatchObject({ status: 'indexed', events: 2 });
    expect(
      count(ev, "SELECT count(*) FROM events_v WHERE user_agent = 'PowerShell/7 \u00e9\u4e2d'"),
    ).toBe(2);
  });

  it('JSON Lines after a first line that is not JSON, CloudWatch Logs exports to S3, Splunk exports', async () => {
    ev = evidenceDir();
    const lines = (tag: string, n: number) => records(n, tag).map((r) => j(r));
    ev.write('preamble.jsonl', ['# exported from SIEM 2024-04-11', ...lines('pre', 6)].join('\n'));
    // part of an export split by bytes: it starts inside a record
    ev.write('part-2.jsonl', ['m", "eventName": "GetObject"}', ...lines('part', 9)].join('\n'));
    // CloudWatch Logs "export to S3": `<timestamp> <message>` lines, gzipped
    const cwl = records(5, 'cwl')
      .map((r, i) => `2024-04-11T12:00:0${i}.000Z ${j(r)}`)
      .join('\n');
    ev.write('000000.gz', gzipSync(cwl + '\n'));
    // Splunk's JSON export: one {"preview","offset","result":{"_raw"}} object per line
    ev.write(
      'splunk.json',
      records(4, 'spl')
        .map((r, i) => j({ preview: false, offset: i, result: { _raw: j(r), host: 'h' } }))
        .join('\n'),
    );
    // lookup-events with one CloudTrailEvent cut short: rebuilt from the summary, and said so
    const entries = records(3, 'lk').map((e) => ({
      EventId: e.eventID,
      EventName: e.eventName,
      EventTime: 1712837696,
      Username: 'alice',
      CloudTrailEvent: j(e),
    }));
    entries[1].CloudTrailEvent = entries[1].CloudTrailEvent.slice(0, 50);
    ev.write('lookup.json', j({ Events: entries }, 2));
    // an entry whose EventId is not its record's eventID: the record's is used, and said
    ev.write(
      'lookup-mismatch.json',
      j({
        Events: [
          { ...entries[0], EventId: 'other\u001b[2J', CloudTrailEvent: j(records(1, 'lkm')[0]) },
        ],
      }),
    );
    // a record whose eventName was nulled: its ID, time and caller make it evidence still
    ev.write('noname.json', j({ Records: [ctEvent({ eventID: 'noname-1', eventName: null })] }));
    // a CloudWatch Logs export of two lines, and a cut lookup entry inside a Splunk export
    ev.write('000001.gz', gzipSync(cwl.split('\n').slice(0, 2).join('\n')));
    ev.write(
      'splunk-lookup.json',
      j({ preview: false, result: { _raw: j({ ...entries[1], EventId: 'lk-wrapped' }) } }),
    );
    const s = await indexInto(ev);
    expect(s.failed).toEqual([]);
    expect(s.notCloudTrail).toEqual([]);
    expect(fileRow(ev, 'preamble.jsonl')).toMatchObject({ status: 'indexed', events: 6 });
    expect(fileRow(ev, 'preamble.jsonl').warnings).toMatch(
      /1 line\(s\) that are not JSON were skipped \(first at byte 0\)/,
    );
    expect(fileRow(ev, 'part-2.jsonl')).toMatchObject({ status: 'indexed', events: 9 });
    expect(fileRow(ev, '000000.gz')).toMatchObject({ status: 'indexed', events: 5 });
    expect(fileRow(ev, '000000.gz').warnings).toBeNull();
    expect(fileRow(ev, 'splunk.json')).toMatchObject({
      status: 'indexed',
      shape: 'siem-wrapper',
      events: 4,
    });
    expect(fileRow(ev, '000001.gz')).toMatchObject({ status: 'indexed', events: 2 });
    expect(fileRow(ev, 'noname.json')).toMatchObject({ status: 'indexed', events: 1 });
    expect(fileRow(ev, 'splunk-lookup.json').warnings).toMatch(/EventId lk-wrapped/);
    expect(fileRow(ev, 'lookup.json')).toMatchObject({ status: 'indexed', events: 3 });
    expect(fileRow(ev, 'lookup-mismatch.json').warnings).toMatch(
      /1 lookup-events entry has an EventId other than the eventID of the CloudTrailEvent it holds: indexed under the record's own eventID \(first: item 0, EventId other\\+u001b\[2J, eventID lkm-000000\)/,
    );
    expect(fileRow(ev, 'lookup.json').warnings).toMatch(
      /1 lookup-events entry had a CloudTrailEvent that is not a whole event \(cut or damaged\): rebuilt from the entry's summary fields only .*first: item 1, EventId lk-000001\)/,
    );
  });

  it('Elasticsearch / OpenSearch search responses: _source, or ECS event.original', async () => {
    ev = evidenceDir();
    const recs = records(4, 'es');
    const hit = (i: number, source: unknown) => ({
      _index: 'cloudtrail',
      _id: `d${i}`,
      _source: source,
    });
    const response = (hits: unknown[]) => ({
      took: 3,
      timed_out: false,
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      hits: { total: { value: hits.length, relation: 'eq' }, max_score: 1, hits },
    });
    ev.write('search.json', j(response(recs.slice(0, 2).map((r, i) => hit(i, r))), 2));
    // Elastic's CloudTrail integration: ECS fields, the original record kept as event.original
    const ecs = (r: Record<string, unknown>) => ({
      '@timestamp': r.eventTime,
      event: { action: r.eventName, original: j(r), kind: 'event' },
      aws: { cloudtrail: { event_version: '1.08' } },
    });
    ev.write('ecs.json', j(response([hit(0, ecs(recs[2])), hit(1, ecs(recs[3]))])));
    // ECS without the original record: nothing to index, and said so
    ev.write(
      'ecs-only.json',
      j(response([hit(0, { '@timestamp': 'x', event: { action: 'GetObject' } })])),
    );
    // several responses in one file: an array of them, _msearch, Kibana's rawResponse
    const more = records(6, 'esm');
    ev.write('responses.json', j([response([hit(0, more[0])]), response([hit(0, more[1])])]));
    ev.write(
      'msearch.json',
      j({ took: 1, responses: [response([hit(0, more[2])]), response([hit(0, more[3])])] }),
    );
    ev.write(
      'kibana.json',
      j({ id: 'x', rawResponse: response([hit(0, more[4]), hit(1, more[5])]) }),
    );
    const s = await indexInto(ev);
    for (const f of ['responses.json', 'msearch.json', 'kibana.json'])
      expect(fileRow(ev, f)).toMatchObject({ status: 'indexed', events: 2 });
    expect(fileRow(ev, 'search.json')).toMatchObject({
      status: 'indexed',
      shape: 'siem-wrapper',
      events: 2,
    });
    expect(fileRow(ev, 'ecs.json')).toMatchObject({
      status: 'indexed',
      shape: 'siem-wrapper',
      events: 2,
    });
    expect(s.events.added).toBe(10);
    expect(s.notCloudTrail.find((n) => n.path === ev.path('ecs-only.json'))?.reason).toMatch(
      /^item 0 is an ECS document \(Elastic\) without the original CloudTrail record/,
    );
  });

  it('CloudWatch Logs subscription payloads, as Firehose writes them to S3 (back to back, gzipped)', async () => {
    ev = evidenceDir();
    const recs = records(5, 'sub');
    const payload = (events: unknown[], type = 'DATA_MESSAGE') => ({
      messageType: type,
      owner: '111122223333',
      logGroup: 'aws-cloudtrail-logs',
      logStream: '111122223333_CloudTrail_us-east-1',
      subscriptionFilters: ['to-firehose'],
      logEvents: events.map((e, i) => ({ id: String(i), timestamp: 1712837696000, message: j(e) })),
    });
    // objects with nothing between them, and a control message first, as Firehose concatenates
    const body =
      j(payload([{ CWL: 'CONTROL_MESSAGE' }], 'CONTROL_MESSAGE')) +
      j(payload(recs.slice(0, 2))) +
      j(payload(recs.slice(2)));
    ev.write('firehose-1', gzipSync(body));
    // each payload gzipped on its own, members back to back
    ev.write(
      'firehose-2.gz',
      Buffer.concat([gzipSync(j(payload(recs.slice(0, 3)))), gzipSync(j(payload(recs.slice(3))))]),
    );
    // an entry whose message was cut: skipped, and said what it is
    const cut = payload(recs.slice(0, 2));
    cut.logEvents[1].message = cut.logEvents[1].message.slice(0, 70);
    ev.write('firehose-cut', j(cut));
    const s = await indexInto(ev);
    expect(s.failed).toEqual([]);
    expect(fileRow(ev, 'firehose-cut').warnings).toMatch(
      /1 item\(s\) were not CloudTrail events and were skipped \(first: item 1 is a CloudWatch Logs entry whose message is not a whole JSON event \(cut or damaged\)\)/,
    );
    expect(fileRow(ev, 'firehose-1')).toMatchObject({
      status: 'indexed',
      shape: 'cloudwatch-logs',
      events: 5,
    });
    expect(fileRow(ev, 'firehose-2.gz')).toMatchObject({ status: 'indexed', events: 5 });
    expect(s.events).toMatchObject({ added: 5, duplicates: 6 });
  });

  it('reports files that are not CloudTrail with the reason', async () => {
    ev = evidenceDir();
    ev.write(
      's3-notification.json',
      j({
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' } },
          },
        ],
      }),
    );
    ev.write('other.json', j({ hello: 'world' }));
    ev.write('notes.txt', 'just some notes\nmore\n');
    ev.write('other.csv', 'a,b,c\n1,2,3\n');
    const s = await indexInto(ev);
    const reason = (rel: string) => s.notCloudTrail.find((n) => n.path === ev.path(rel))?.reason;
    expect(reason('s3-notification.json')).toMatch(/S3 event notification/);
    expect(reason('other.json')).toMatch(/keys hello, not a CloudTrail event/);
    expect(reason('notes.txt')).toMatch(/neither JSON nor CSV/);
    expect(reason('other.csv')).toMatch(/CSV without CloudTrail columns/);
    expect(s.files.notCloudTrail).toBe(4);
    expect(fileRow(ev, 'other.json').status).toBe('not-cloudtrail');
  });
});
