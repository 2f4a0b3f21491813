export { storage, storageTenantPurges, type StoragePluginOptions } from './storage-plugin.ts';
export { createDomainDns, createObjectStore, type MediaStorageSettings, type Route53Settings } from './storage-settings.ts';
export type { ObjectAccess, ObjectStore } from './object-store.ts';
export { createLocalDiskStore } from './local-disk-store.ts';
export { createS3Client, createS3ObjectStore } from './s3-object-store.ts';
export { createRoute53Dns, isRetryableRoute53Error, type Route53Dns } from './route53-dns.ts';
export {
  InvalidObjectKeyError,
  isTenantObjectKey,
  keySegmentProblem,
  parseObjectKey,
  tenantObjectKey,
  tenantPrefix,
} from './object-key.ts';
export { ALLOWED_IMAGE_TYPES, sniffImageType } from './image-sniffing.ts';
export { UPLOAD_CAPABILITY } from './media-service.ts';
export { NO_ROUTE53_MESSAGE } from './custom-domain-service.ts';
export {
  DomainNotAllowedError,
  DomainNotFoundError,
  DomainTakenError,
  EmptyFileError,
  FileRequiredError,
  MediaNotFoundError,
  MediaPermissionDeniedError,
  MediaTooLargeError,
  MultipartRequiredError,
  PrimaryDomainError,
  ResourceNotFoundError,
  TierLimitReachedError,
  UnexpectedFilePartError,
  UnsupportedMediaTypeError,
} from './storage-errors.ts';
