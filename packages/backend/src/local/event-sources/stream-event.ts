import type { AttributeValue as SdkAttributeValue, _Record as SdkRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_REGION } from '../support/aws-config.js';

type Image = Record<string, SdkAttributeValue> | undefined;

/** The SDK's attribute value as JSON (binary as base64), the form Lambda events carry. */
export function toEventAttributeValue(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toEventAttributeValue) };
  if (value.M !== undefined) return { M: toEventImage(value.M) ?? {} };
  throw new Error('unknown attribute value type');
}

function toEventImage(image: Image): Record<string, AttributeValue> | undefined {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toEventAttributeValue(value)]));
}

/**
 * A GetRecords record as Lambda delivers it in `DynamoDBStreamEvent.Records`:
 * `ApproximateCreationDateTime` in epoch seconds, binary values in base64,
 * the stream ARN as `eventSourceARN`.
 *
 * @example
 * ```ts
 * const event = { Records: records.map((r) => toStreamEventRecord(r, streamArn)) };
 * ```
 */
export function toStreamEventRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    // DynamoDB Local says 'ddblocal'; the handlers should see the region they run in.
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ...(data?.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: toEventImage(data?.Keys),
      ...(data?.NewImage ? { NewImage: toEventImage(data.NewImage) } : {}),
      ...(data?.OldImage ? { OldImage: toEventImage(data.OldImage) } : {}),
      SequenceNumber: data?.SequenceNumber,
      SizeBytes: data?.SizeBytes,
      StreamViewType: data?.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity
      ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }
      : {}),
  };
}
