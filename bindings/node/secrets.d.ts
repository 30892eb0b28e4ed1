// The Secrets Manager operations of `LocalSecretsManager`, generated from the core's model by
// core/src/wire/gen_types.py (`python3 core/src/wire/gen_types.py ts-secrets >
// bindings/node/secrets.d.ts`); do not edit by hand. Inputs and outputs as the AWS SDK for
// JavaScript v3 names them; `datakey.d.ts` re-exports them as `SecretsManagerTypes`.

import type { ResponseMetadata } from './index'
import type { Loose } from './kms'

/** A structure that contains information about a tag. */
export interface Tag {
  /** The key identifier, or name, of the tag. */
  Key?: string
  /** The string value associated with the key of the tag. */
  Value?: string
}

/** A custom type that specifies a Region and the KmsKeyId for a replica secret. */
export interface ReplicaRegionType {
  /** A Region code. */
  Region?: string
  /** The ARN, key ID, or alias of the KMS key to encrypt the secret. */
  KmsKeyId?: string
}

/** CreateSecretRequest */
export interface CreateSecretInput {
  /** The name of the new secret. */
  Name: string
  /** If you include SecretString or SecretBinary, then Secrets Manager creates an initial version for the secret, and this parameter specifies the unique identifier for the new version. */
  ClientRequestToken?: string
  /** The description of the secret. */
  Description?: string
  /** The ARN, key ID, or alias of the KMS key that Secrets Manager uses to encrypt the secret value in the secret. */
  KmsKeyId?: string
  /** The binary data to encrypt and store in the new version of the secret. */
  SecretBinary?: Uint8Array
  /** The text data to encrypt and store in this new version of the secret. */
  SecretString?: string
  /** A list of tags to attach to the secret. */
  Tags?: Array<Tag>
  /** A list of Regions and KMS keys to replicate secrets. */
  AddReplicaRegions?: Array<ReplicaRegionType>
  /** Specifies whether to overwrite a secret with the same name in the destination Region. */
  ForceOverwriteReplicaSecret?: boolean
  /** The exact string that identifies the partner that holds the external secret. */
  Type?: string
  /** The ARN of a primary secret in another Amazon Web Services account. */
  CrossAccountPrimaryARN?: string
}

/** A replication object consisting of a RegionReplicationStatus object and includes a Region, KMSKeyId, status, and status message. */
export interface ReplicationStatusType {
  /** The Region where replication occurs. */
  Region?: string
  /** Can be an ARN, Key ID, or Alias. */
  KmsKeyId?: string
  /** The status can be InProgress, Failed, or InSync. */
  Status?: 'InSync' | 'Failed' | 'InProgress' | 'Pending' | 'Detached'
  /** Status message such as "Secret with this name already exists in this region". */
  StatusMessage?: string
  /** The date that the secret was last accessed in the Region. */
  LastAccessedDate?: Date
}

/** CreateSecretResponse */
export interface CreateSecretResponse {
  /** The ARN of the new secret. */
  ARN?: string
  /** The name of the new secret. */
  Name?: string
  /** The unique identifier associated with the version of the new secret. */
  VersionId?: string
  /** A list of the replicas of this secret and their status:    Failed, which indicates that the replica was not created. */
  ReplicationStatus?: Array<ReplicationStatusType>
}

/** `CreateSecret` output. */
export type CreateSecretOutput = CreateSecretResponse & { $metadata: ResponseMetadata }

/** GetSecretValueRequest */
export interface GetSecretValueInput {
  /** The ARN or name of the secret to retrieve. */
  SecretId: string
  /** The unique identifier of the version of the secret to retrieve. */
  VersionId?: string
  /** The staging label of the version of the secret to retrieve. */
  VersionStage?: string
}

/** GetSecretValueResponse */
export interface GetSecretValueResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The friendly name of the secret. */
  Name?: string
  /** The unique identifier of this version of the secret. */
  VersionId?: string
  /** The decrypted secret value, if the secret value was originally provided as binary data in the form of a byte array. */
  SecretBinary?: Buffer
  /** The decrypted secret value, if the secret value was originally provided as a string or through the Secrets Manager console. */
  SecretString?: string
  /** A list of all of the staging labels currently attached to this version of the secret. */
  VersionStages?: Array<string>
  /** The date and time that this version of the secret was created. */
  CreatedDate?: Date
}

/** `GetSecretValue` output. */
export type GetSecretValueOutput = GetSecretValueResponse & { $metadata: ResponseMetadata }

/** Allows you to add filters when you use the search function in Secrets Manager. */
export interface Filter {
  /** The following are keys you can use:    description: Prefix match, not case-sensitive. */
  Key?: 'description' | 'name' | 'tag-key' | 'tag-value' | 'primary-region' | 'owning-service' | 'all'
  /** The keyword to filter for. */
  Values?: Array<string>
}

/** BatchGetSecretValueRequest */
export interface BatchGetSecretValueInput {
  /** The ARN or names of the secrets to retrieve. */
  SecretIdList?: Array<string>
  /** The filters to choose which secrets to retrieve. */
  Filters?: Array<Filter>
  /** The number of results to include in the response. */
  MaxResults?: number
  /** A token that indicates where the output should continue from, if a previous call did not show all results. */
  NextToken?: string
}

/** A structure that contains the secret value and other details for a secret. */
export interface SecretValueEntry {
  /** The Amazon Resource Name (ARN) of the secret. */
  ARN?: string
  /** The friendly name of the secret. */
  Name?: string
  /** The unique version identifier of this version of the secret. */
  VersionId?: string
  /** The decrypted secret value, if the secret value was originally provided as binary data in the form of a byte array. */
  SecretBinary?: Buffer
  /** The decrypted secret value, if the secret value was originally provided as a string or through the Secrets Manager console. */
  SecretString?: string
  /** A list of all of the staging labels currently attached to this version of the secret. */
  VersionStages?: Array<string>
  /** The date the secret was created. */
  CreatedDate?: Date
}

/** The error Secrets Manager encountered while retrieving an individual secret as part of BatchGetSecretValue. */
export interface APIErrorType {
  /** The ARN or name of the secret. */
  SecretId?: string
  /** The error Secrets Manager encountered while retrieving an individual secret as part of BatchGetSecretValue, for example ResourceNotFoundException,InvalidParameterException, InvalidRequestException, DecryptionFailure, or AccessDeniedException. */
  ErrorCode?: string
  /** A message describing the error. */
  Message?: string
}

/** BatchGetSecretValueResponse */
export interface BatchGetSecretValueResponse {
  /** A list of secret values. */
  SecretValues?: Array<SecretValueEntry>
  /** Secrets Manager includes this value if there's more output available than what is included in the current response. */
  NextToken?: string
  /** A list of errors Secrets Manager encountered while attempting to retrieve individual secrets. */
  Errors?: Array<APIErrorType>
}

/** `BatchGetSecretValue` output. */
export type BatchGetSecretValueOutput = BatchGetSecretValueResponse & { $metadata: ResponseMetadata }

/** PutSecretValueRequest */
export interface PutSecretValueInput {
  /** The ARN or name of the secret to add a new version to. */
  SecretId: string
  /** A unique identifier for the new version of the secret. */
  ClientRequestToken?: string
  /** The binary data to encrypt and store in the new version of the secret. */
  SecretBinary?: Uint8Array
  /** The text to encrypt and store in the new version of the secret. */
  SecretString?: string
  /** A list of staging labels to attach to this version of the secret. */
  VersionStages?: Array<string>
  /** A unique identifier that indicates the source of the request. */
  RotationToken?: string
}

/** PutSecretValueResponse */
export interface PutSecretValueResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
  /** The unique identifier of the version of the secret. */
  VersionId?: string
  /** The list of staging labels that are currently attached to this version of the secret. */
  VersionStages?: Array<string>
}

/** `PutSecretValue` output. */
export type PutSecretValueOutput = PutSecretValueResponse & { $metadata: ResponseMetadata }

/** UpdateSecretRequest */
export interface UpdateSecretInput {
  /** The ARN or name of the secret. */
  SecretId: string
  /** If you include SecretString or SecretBinary, then Secrets Manager creates a new version for the secret, and this parameter specifies the unique identifier for the new version. */
  ClientRequestToken?: string
  /** The description of the secret. */
  Description?: string
  /** The ARN, key ID, or alias of the KMS key that Secrets Manager uses to encrypt new secret versions as well as any existing versions with the staging labels AWSCURRENT, AWSPENDING, or AWSPREVIOUS. */
  KmsKeyId?: string
  /** The binary data to encrypt and store in the new version of the secret. */
  SecretBinary?: Uint8Array
  /** The text data to encrypt and store in the new version of the secret. */
  SecretString?: string
  /** The exact string that identifies the third-party partner that holds the external secret. */
  Type?: string
}

/** UpdateSecretResponse */
export interface UpdateSecretResponse {
  /** The ARN of the secret that was updated. */
  ARN?: string
  /** The name of the secret that was updated. */
  Name?: string
  /** If Secrets Manager created a new version of the secret during this operation, then VersionId contains the unique identifier of the new version. */
  VersionId?: string
}

/** `UpdateSecret` output. */
export type UpdateSecretOutput = UpdateSecretResponse & { $metadata: ResponseMetadata }

/** UpdateSecretVersionStageRequest */
export interface UpdateSecretVersionStageInput {
  /** The ARN or the name of the secret with the version and staging labelsto modify. */
  SecretId: string
  /** The staging label to add to this version. */
  VersionStage: string
  /** The ID of the version that the staging label is to be removed from. */
  RemoveFromVersionId?: string
  /** The ID of the version to add the staging label to. */
  MoveToVersionId?: string
}

/** UpdateSecretVersionStageResponse */
export interface UpdateSecretVersionStageResponse {
  /** The ARN of the secret that was updated. */
  ARN?: string
  /** The name of the secret that was updated. */
  Name?: string
}

/** `UpdateSecretVersionStage` output. */
export type UpdateSecretVersionStageOutput = UpdateSecretVersionStageResponse & { $metadata: ResponseMetadata }

/** DescribeSecretRequest */
export interface DescribeSecretInput {
  /** The ARN or name of the secret. */
  SecretId: string
}

/** A structure that defines the rotation configuration for the secret. */
export interface RotationRulesType {
  /** The number of days between rotations of the secret. */
  AutomaticallyAfterDays?: number
  /** The length of the rotation window in hours, for example 3h for a three hour window. */
  Duration?: string
  /** A cron() or rate() expression that defines the schedule for rotating your secret. */
  ScheduleExpression?: string
}

/** The metadata needed to successfully rotate a managed external secret. */
export interface ExternalSecretRotationMetadataItem {
  /** The key that identifies the item. */
  Key?: string
  /** The value of the specified item. */
  Value?: string
}

/** A structure that contains information about a tag. */
export interface Tag {
  /** The key identifier, or name, of the tag. */
  Key?: string
  /** The string value associated with the key of the tag. */
  Value?: string
}

/** Contains information about the primary secret that a cross-account replica secret replicates from, including its ARN and replication status. */
export interface CrossAccountPrimaryType {
  /** The ARN of the primary secret replicating into this replica secret. */
  PrimarySecretARN?: string
  /** The status of replication from the primary secret to this replica. */
  ReplicationStatus?: 'InSync' | 'Failed' | 'InProgress' | 'Pending' | 'Detached'
  /** A message that describes the replication status, if Secrets Manager has more information to provide. */
  StatusMessage?: string
}

/** Information about a cross-account replica secret. */
export interface CrossAccountReplicaEntry {
  /** The ARN of the replica secret. */
  ReplicaSecretARN?: string
  /** The ARN of the IAM role that Secrets Manager assumes to replicate to this replica, if one was specified when the replica was associated. */
  ReplicationRoleARN?: string
  /** The status of replication from this primary secret. */
  ReplicationStatus?: 'InSync' | 'Failed' | 'InProgress' | 'Pending' | 'Detached'
  /** A message that describes the replication status, if Secrets Manager has more information to provide. */
  StatusMessage?: string
}

/** DescribeSecretResponse */
export interface DescribeSecretResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
  /** The exact string that identifies the partner that holds the external secret. */
  Type?: string
  /** The description of the secret. */
  Description?: string
  /** The key ID or alias ARN of the KMS key that Secrets Manager uses to encrypt the secret value. */
  KmsKeyId?: string
  /** Specifies whether automatic rotation is turned on for this secret. */
  RotationEnabled?: boolean
  /** The ARN of the Lambda function that Secrets Manager invokes to rotate the secret. */
  RotationLambdaARN?: string
  /** The rotation schedule and Lambda function for this secret. */
  RotationRules?: RotationRulesType
  /** The metadata needed to successfully rotate a managed external secret. */
  ExternalSecretRotationMetadata?: Array<ExternalSecretRotationMetadataItem>
  /** The Amazon Resource Name (ARN) of the role that allows Secrets Manager to rotate a secret held by a third-party partner. */
  ExternalSecretRotationRoleArn?: string
  /** The last date and time that Secrets Manager rotated the secret. */
  LastRotatedDate?: Date
  /** The last date and time that this secret was modified in any way. */
  LastChangedDate?: Date
  /** The date that the secret was last accessed in the Region. */
  LastAccessedDate?: Date
  /** The date the secret is scheduled for deletion. */
  DeletedDate?: Date
  /** The next rotation is scheduled to occur on or before this date. */
  NextRotationDate?: Date
  /** The list of tags attached to the secret. */
  Tags?: Array<Tag>
  /** A list of the versions of the secret that have staging labels attached. */
  VersionIdsToStages?: Record<string, Array<string>>
  /** The ID of the service that created this secret. */
  OwningService?: string
  /** The date the secret was created. */
  CreatedDate?: Date
  /** The Region the secret is in. */
  PrimaryRegion?: string
  /** A list of the replicas of this secret and their status:     Failed, which indicates that the replica was not created. */
  ReplicationStatus?: Array<ReplicationStatusType>
  /** Information about the primary secret in the other Amazon Web Services account that this cross-account replica secret replicates from, including the primary secret ARN and the replication status. */
  CrossAccountPrimary?: CrossAccountPrimaryType
  /** A list of this secret's cross-account replica secrets and their replication status, if this secret is the primary for cross-account replication. */
  CrossAccountReplicas?: Array<CrossAccountReplicaEntry>
}

/** `DescribeSecret` output. */
export type DescribeSecretOutput = DescribeSecretResponse & { $metadata: ResponseMetadata }

/** ListSecretsRequest */
export interface ListSecretsInput {
  /** Specifies whether to include secrets scheduled for deletion. */
  IncludePlannedDeletion?: boolean
  /** The number of results to include in the response. */
  MaxResults?: number
  /** A token that indicates where the output should continue from, if a previous call did not show all results. */
  NextToken?: string
  /** The filters to apply to the list of secrets. */
  Filters?: Array<Filter>
  /** Secrets are listed by CreatedDate. */
  SortOrder?: 'asc' | 'desc'
  /** If not specified, secrets are listed by CreatedDate. */
  SortBy?: 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name'
}

/** A structure that contains the details about a secret. */
export interface SecretListEntry {
  /** The Amazon Resource Name (ARN) of the secret. */
  ARN?: string
  /** The friendly name of the secret. */
  Name?: string
  /** The exact string that identifies the third-party partner that holds the external secret. */
  Type?: string
  /** The user-provided description of the secret. */
  Description?: string
  /** The ARN of the KMS key that Secrets Manager uses to encrypt the secret value. */
  KmsKeyId?: string
  /** Indicates whether automatic, scheduled rotation is enabled for this secret. */
  RotationEnabled?: boolean
  /** The ARN of an Amazon Web Services Lambda function invoked by Secrets Manager to rotate and expire the secret either automatically per the schedule or manually by a call to  RotateSecret . */
  RotationLambdaARN?: string
  /** A structure that defines the rotation configuration for the secret. */
  RotationRules?: RotationRulesType
  /** The metadata needed to successfully rotate a managed external secret. */
  ExternalSecretRotationMetadata?: Array<ExternalSecretRotationMetadataItem>
  /** The role that Secrets Manager assumes to call APIs required to perform the rotation. */
  ExternalSecretRotationRoleArn?: string
  /** The most recent date and time that the Secrets Manager rotation process was successfully completed. */
  LastRotatedDate?: Date
  /** The last date and time that this secret was modified in any way. */
  LastChangedDate?: Date
  /** The date that the secret was last accessed in the Region. */
  LastAccessedDate?: Date
  /** The date and time the deletion of the secret occurred. */
  DeletedDate?: Date
  /** The next rotation is scheduled to occur on or before this date. */
  NextRotationDate?: Date
  /** The list of user-defined tags associated with the secret. */
  Tags?: Array<Tag>
  /** A list of all of the currently assigned SecretVersionStage staging labels and the SecretVersionId attached to each one. */
  SecretVersionsToStages?: Record<string, Array<string>>
  /** Returns the name of the service that created the secret. */
  OwningService?: string
  /** The date and time when a secret was created. */
  CreatedDate?: Date
  /** The Region where Secrets Manager originated the secret. */
  PrimaryRegion?: string
}

/** ListSecretsResponse */
export interface ListSecretsResponse {
  /** A list of the secrets in the account. */
  SecretList?: Array<SecretListEntry>
  /** Secrets Manager includes this value if there's more output available than what is included in the current response. */
  NextToken?: string
}

/** `ListSecrets` output. */
export type ListSecretsOutput = ListSecretsResponse & { $metadata: ResponseMetadata }

/** ListSecretVersionIdsRequest */
export interface ListSecretVersionIdsInput {
  /** The ARN or name of the secret whose versions you want to list. */
  SecretId: string
  /** The number of results to include in the response. */
  MaxResults?: number
  /** A token that indicates where the output should continue from, if a previous call did not show all results. */
  NextToken?: string
  /** Specifies whether to include versions of secrets that don't have any staging labels attached to them. */
  IncludeDeprecated?: boolean
}

/** A structure that contains information about one version of a secret. */
export interface SecretVersionsListEntry {
  /** The unique version identifier of this version of the secret. */
  VersionId?: string
  /** An array of staging labels that are currently associated with this version of the secret. */
  VersionStages?: Array<string>
  /** The date that this version of the secret was last accessed. */
  LastAccessedDate?: Date
  /** The date and time this version of the secret was created. */
  CreatedDate?: Date
  /** The KMS keys used to encrypt the secret version. */
  KmsKeyIds?: Array<string>
}

/** ListSecretVersionIdsResponse */
export interface ListSecretVersionIdsResponse {
  /** A list of the versions of the secret. */
  Versions?: Array<SecretVersionsListEntry>
  /** Secrets Manager includes this value if there's more output available than what is included in the current response. */
  NextToken?: string
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
}

/** `ListSecretVersionIds` output. */
export type ListSecretVersionIdsOutput = ListSecretVersionIdsResponse & { $metadata: ResponseMetadata }

/** DeleteSecretRequest */
export interface DeleteSecretInput {
  /** The ARN or name of the secret to delete. */
  SecretId: string
  /** The number of days from 7 to 30 that Secrets Manager waits before permanently deleting the secret. */
  RecoveryWindowInDays?: number
  /** Specifies whether to delete the secret without any recovery window. */
  ForceDeleteWithoutRecovery?: boolean
}

/** DeleteSecretResponse */
export interface DeleteSecretResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
  /** The date and time after which this secret Secrets Manager can permanently delete this secret, and it can no longer be restored. */
  DeletionDate?: Date
}

/** `DeleteSecret` output. */
export type DeleteSecretOutput = DeleteSecretResponse & { $metadata: ResponseMetadata }

/** RestoreSecretRequest */
export interface RestoreSecretInput {
  /** The ARN or name of the secret to restore. */
  SecretId: string
}

/** RestoreSecretResponse */
export interface RestoreSecretResponse {
  /** The ARN of the secret that was restored. */
  ARN?: string
  /** The name of the secret that was restored. */
  Name?: string
}

/** `RestoreSecret` output. */
export type RestoreSecretOutput = RestoreSecretResponse & { $metadata: ResponseMetadata }

/** GetRandomPasswordRequest */
export interface GetRandomPasswordInput {
  /** The length of the password. */
  PasswordLength?: number
  /** A string of the characters that you don't want in the password. */
  ExcludeCharacters?: string
  /** Specifies whether to exclude numbers from the password. */
  ExcludeNumbers?: boolean
  /** Specifies whether to exclude the following punctuation characters from the password: ! " # $ % &amp; ' ( ) * + , - . */
  ExcludePunctuation?: boolean
  /** Specifies whether to exclude uppercase letters from the password. */
  ExcludeUppercase?: boolean
  /** Specifies whether to exclude lowercase letters from the password. */
  ExcludeLowercase?: boolean
  /** Specifies whether to include the space character. */
  IncludeSpace?: boolean
  /** Specifies whether to include at least one upper and lowercase letter, one number, and one punctuation. */
  RequireEachIncludedType?: boolean
}

/** GetRandomPasswordResponse */
export interface GetRandomPasswordResponse {
  /** A string with the password. */
  RandomPassword?: string
}

/** `GetRandomPassword` output. */
export type GetRandomPasswordOutput = GetRandomPasswordResponse & { $metadata: ResponseMetadata }

/** TagResourceRequest */
export interface TagResourceInput {
  /** The identifier for the secret to attach tags to. */
  SecretId: string
  /** The tags to attach to the secret as a JSON text string argument. */
  Tags: Array<Tag>
}

/** `TagResource` output (the operation has none). */
export type TagResourceOutput = { $metadata: ResponseMetadata }

/** UntagResourceRequest */
export interface UntagResourceInput {
  /** The ARN or name of the secret. */
  SecretId: string
  /** A list of tag key names to remove from the secret. */
  TagKeys: Array<string>
}

/** `UntagResource` output (the operation has none). */
export type UntagResourceOutput = { $metadata: ResponseMetadata }

/** PutResourcePolicyRequest */
export interface PutResourcePolicyInput {
  /** The ARN or name of the secret to attach the resource-based policy. */
  SecretId: string
  /** A JSON-formatted string for an Amazon Web Services resource-based policy. */
  ResourcePolicy: string
  /** The name of the resource policy to attach. */
  PolicyName?: string
  /** Specifies whether to block resource-based policies that allow broad access to the secret, for example those that use a wildcard for the principal. */
  BlockPublicPolicy?: boolean
}

/** PutResourcePolicyResponse */
export interface PutResourcePolicyResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
  /** The name of the resource policy. */
  PolicyName?: string
}

/** `PutResourcePolicy` output. */
export type PutResourcePolicyOutput = PutResourcePolicyResponse & { $metadata: ResponseMetadata }

/** GetResourcePolicyRequest */
export interface GetResourcePolicyInput {
  /** The ARN or name of the secret to retrieve the attached resource-based policy for. */
  SecretId: string
  /** The name of the resource policy to retrieve. */
  PolicyName?: string
}

/** GetResourcePolicyResponse */
export interface GetResourcePolicyResponse {
  /** The ARN of the secret that the resource-based policy was retrieved for. */
  ARN?: string
  /** The name of the secret that the resource-based policy was retrieved for. */
  Name?: string
  /** A JSON-formatted string that contains the permissions policy attached to the secret. */
  ResourcePolicy?: string
  /** The name of the resource policy. */
  PolicyName?: string
}

/** `GetResourcePolicy` output. */
export type GetResourcePolicyOutput = GetResourcePolicyResponse & { $metadata: ResponseMetadata }

/** DeleteResourcePolicyRequest */
export interface DeleteResourcePolicyInput {
  /** The ARN or name of the secret to delete the attached resource-based policy for. */
  SecretId: string
  /** The name of the resource policy to delete. */
  PolicyName?: string
}

/** DeleteResourcePolicyResponse */
export interface DeleteResourcePolicyResponse {
  /** The ARN of the secret that the resource-based policy was deleted for. */
  ARN?: string
  /** The name of the secret that the resource-based policy was deleted for. */
  Name?: string
  /** The name of the deleted resource policy. */
  PolicyName?: string
}

/** `DeleteResourcePolicy` output. */
export type DeleteResourcePolicyOutput = DeleteResourcePolicyResponse & { $metadata: ResponseMetadata }

/** ListResourcePoliciesRequest */
export interface ListResourcePoliciesInput {
  /** The ARN or name of the secret. */
  SecretId: string
  /** The number of results to include in the response. */
  MaxResults?: number
  /** A token that indicates where the output should continue from, if a previous call did not show all results. */
  NextToken?: string
}

/** A structure that contains details about a resource policy attached to a secret. */
export interface ResourcePolicySummary {
  /** The name of the resource policy. */
  PolicyName?: string
}

/** ListResourcePoliciesResponse */
export interface ListResourcePoliciesResponse {
  /** A list of the resource policies attached to the secret. */
  ResourcePolicies?: Array<ResourcePolicySummary>
  /** Secrets Manager includes this value if there's more output available than what is included in the current response. */
  NextToken?: string
}

/** `ListResourcePolicies` output. */
export type ListResourcePoliciesOutput = ListResourcePoliciesResponse & { $metadata: ResponseMetadata }

/** ValidateResourcePolicyRequest */
export interface ValidateResourcePolicyInput {
  /** The ARN or name of the secret with the resource-based policy you want to validate. */
  SecretId?: string
  /** A JSON-formatted string that contains an Amazon Web Services resource-based policy. */
  ResourcePolicy: string
}

/** Displays errors that occurred during validation of the resource policy. */
export interface ValidationErrorsEntry {
  /** Checks the name of the policy. */
  CheckName?: string
  /** Displays error messages if validation encounters problems during validation of the resource policy. */
  ErrorMessage?: string
}

/** ValidateResourcePolicyResponse */
export interface ValidateResourcePolicyResponse {
  /** True if your policy passes validation, otherwise false. */
  PolicyValidationPassed?: boolean
  /** Validation errors if your policy didn't pass validation. */
  ValidationErrors?: Array<ValidationErrorsEntry>
}

/** `ValidateResourcePolicy` output. */
export type ValidateResourcePolicyOutput = ValidateResourcePolicyResponse & { $metadata: ResponseMetadata }

/** A structure that defines the rotation configuration for the secret. */
export interface RotationRulesType {
  /** The number of days between rotations of the secret. */
  AutomaticallyAfterDays?: number
  /** The length of the rotation window in hours, for example 3h for a three hour window. */
  Duration?: string
  /** A cron() or rate() expression that defines the schedule for rotating your secret. */
  ScheduleExpression?: string
}

/** The metadata needed to successfully rotate a managed external secret. */
export interface ExternalSecretRotationMetadataItem {
  /** The key that identifies the item. */
  Key?: string
  /** The value of the specified item. */
  Value?: string
}

/** RotateSecretRequest */
export interface RotateSecretInput {
  /** The ARN or name of the secret to rotate. */
  SecretId: string
  /** A unique identifier for the new version of the secret. */
  ClientRequestToken?: string
  /** For secrets that use a Lambda rotation function to rotate, the ARN of the Lambda rotation function. */
  RotationLambdaARN?: string
  /** A structure that defines the rotation configuration for this secret. */
  RotationRules?: RotationRulesType
  /** The metadata needed to successfully rotate a managed external secret. */
  ExternalSecretRotationMetadata?: Array<ExternalSecretRotationMetadataItem>
  /** The Amazon Resource Name (ARN) of the role that allows Secrets Manager to rotate a secret held by a third-party partner. */
  ExternalSecretRotationRoleArn?: string
  /** Specifies whether to rotate the secret immediately or wait until the next scheduled rotation window. */
  RotateImmediately?: boolean
}

/** RotateSecretResponse */
export interface RotateSecretResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
  /** The ID of the new version of the secret. */
  VersionId?: string
}

/** `RotateSecret` output. */
export type RotateSecretOutput = RotateSecretResponse & { $metadata: ResponseMetadata }

/** CancelRotateSecretRequest */
export interface CancelRotateSecretInput {
  /** The ARN or name of the secret. */
  SecretId: string
}

/** CancelRotateSecretResponse */
export interface CancelRotateSecretResponse {
  /** The ARN of the secret. */
  ARN?: string
  /** The name of the secret. */
  Name?: string
  /** The unique identifier of the version of the secret created during the rotation. */
  VersionId?: string
}

/** `CancelRotateSecret` output. */
export type CancelRotateSecretOutput = CancelRotateSecretResponse & { $metadata: ResponseMetadata }

/** ReplicateSecretToRegionsRequest */
export interface ReplicateSecretToRegionsInput {
  /** The ARN or name of the secret to replicate. */
  SecretId: string
  /** A list of Regions in which to replicate the secret. */
  AddReplicaRegions: Array<ReplicaRegionType>
  /** Specifies whether to overwrite a secret with the same name in the destination Region. */
  ForceOverwriteReplicaSecret?: boolean
}

/** ReplicateSecretToRegionsResponse */
export interface ReplicateSecretToRegionsResponse {
  /** The ARN of the primary secret. */
  ARN?: string
  /** The status of replication. */
  ReplicationStatus?: Array<ReplicationStatusType>
}

/** `ReplicateSecretToRegions` output. */
export type ReplicateSecretToRegionsOutput = ReplicateSecretToRegionsResponse & { $metadata: ResponseMetadata }

/** RemoveRegionsFromReplicationRequest */
export interface RemoveRegionsFromReplicationInput {
  /** The ARN or name of the secret. */
  SecretId: string
  /** The Regions of the replicas to remove. */
  RemoveReplicaRegions: Array<string>
}

/** RemoveRegionsFromReplicationResponse */
export interface RemoveRegionsFromReplicationResponse {
  /** The ARN of the primary secret. */
  ARN?: string
  /** The status of replicas for this secret after you remove Regions. */
  ReplicationStatus?: Array<ReplicationStatusType>
}

/** `RemoveRegionsFromReplication` output. */
export type RemoveRegionsFromReplicationOutput = RemoveRegionsFromReplicationResponse & { $metadata: ResponseMetadata }

/** StopReplicationToReplicaRequest */
export interface StopReplicationToReplicaInput {
  /** The ARN or name of the replica secret. */
  SecretId: string
}

/** StopReplicationToReplicaResponse */
export interface StopReplicationToReplicaResponse {
  /** The ARN of the promoted secret. */
  ARN?: string
}

/** `StopReplicationToReplica` output. */
export type StopReplicationToReplicaOutput = StopReplicationToReplicaResponse & { $metadata: ResponseMetadata }

/** AssociateCrossAccountReplicaRequest */
export interface AssociateCrossAccountReplicaInput {
  /** The ARN or name of the primary secret in your account to replicate. */
  SecretId: string
  /** The ARN of the replica secret in the other Amazon Web Services account. */
  CrossAccountReplicaARN: string
  /** Whether the replica account must belong to the same Amazon Web Services organization as the primary account:    SameOrg, which requires the replica account to be in the same organization as the primary account. */
  ReplicaRestriction?: 'SameOrg' | 'NoRestriction'
  /** The ARN of an IAM role in the primary account that Secrets Manager assumes to perform replication. */
  ReplicationRoleARN?: string
}

/** AssociateCrossAccountReplicaResponse */
export interface AssociateCrossAccountReplicaResponse {
  /** The ARN of the primary secret. */
  ARN?: string
  /** The ARN of the replica secret in the other account. */
  CrossAccountReplicaARN?: string
  /** The status of replication to the replica secret. */
  ReplicationStatus?: 'InSync' | 'Failed' | 'InProgress' | 'Pending' | 'Detached'
}

/** `AssociateCrossAccountReplica` output. */
export type AssociateCrossAccountReplicaOutput = AssociateCrossAccountReplicaResponse & { $metadata: ResponseMetadata }

/** DisassociateCrossAccountReplicaRequest */
export interface DisassociateCrossAccountReplicaInput {
  /** The ARN or name of the primary secret in your account. */
  SecretId: string
  /** The ARN of the cross-account replica secret to unlink from the primary secret. */
  CrossAccountReplicaARN: string
}

/** DisassociateCrossAccountReplicaResponse */
export interface DisassociateCrossAccountReplicaResponse {
  /** The ARN of the primary secret. */
  ARN?: string
  /** The ARN of the replica secret that was unlinked from the primary secret. */
  CrossAccountReplicaARN?: string
}

/** `DisassociateCrossAccountReplica` output. */
export type DisassociateCrossAccountReplicaOutput = DisassociateCrossAccountReplicaResponse & { $metadata: ResponseMetadata }

/** An SDK v3 Command of `@aws-sdk/client-secrets-manager` (`new CreateSecretCommand(input)`). */
export interface SecretsManagerCommand {
  readonly input: object
}

/** The Secrets Manager operations of a `LocalSecretsManager`: each as a promise and as a `…Sync` call. */
export interface SecretsManagerOperations {
  /** Creates a new secret. */
  createSecret(input: Loose<CreateSecretInput>): Promise<CreateSecretOutput>
  /** `CreateSecret`, synchronously. */
  createSecretSync(input: Loose<CreateSecretInput>): CreateSecretOutput
  /** Retrieves the contents of the encrypted fields SecretString or SecretBinary from the specified version of a secret, whichever contains content. */
  getSecretValue(input: Loose<GetSecretValueInput>): Promise<GetSecretValueOutput>
  /** `GetSecretValue`, synchronously. */
  getSecretValueSync(input: Loose<GetSecretValueInput>): GetSecretValueOutput
  /** Retrieves the contents of the encrypted fields SecretString or SecretBinary for up to 20 secrets. */
  batchGetSecretValue(input?: Loose<BatchGetSecretValueInput>): Promise<BatchGetSecretValueOutput>
  /** `BatchGetSecretValue`, synchronously. */
  batchGetSecretValueSync(input?: Loose<BatchGetSecretValueInput>): BatchGetSecretValueOutput
  /** Creates a new version of your secret by creating a new encrypted value and attaching it to the secret. */
  putSecretValue(input: Loose<PutSecretValueInput>): Promise<PutSecretValueOutput>
  /** `PutSecretValue`, synchronously. */
  putSecretValueSync(input: Loose<PutSecretValueInput>): PutSecretValueOutput
  /** Modifies the details of a secret, including metadata and the secret value. */
  updateSecret(input: Loose<UpdateSecretInput>): Promise<UpdateSecretOutput>
  /** `UpdateSecret`, synchronously. */
  updateSecretSync(input: Loose<UpdateSecretInput>): UpdateSecretOutput
  /** Modifies the staging labels attached to a version of a secret. */
  updateSecretVersionStage(input: Loose<UpdateSecretVersionStageInput>): Promise<UpdateSecretVersionStageOutput>
  /** `UpdateSecretVersionStage`, synchronously. */
  updateSecretVersionStageSync(input: Loose<UpdateSecretVersionStageInput>): UpdateSecretVersionStageOutput
  /** Retrieves the details of a secret. */
  describeSecret(input: Loose<DescribeSecretInput>): Promise<DescribeSecretOutput>
  /** `DescribeSecret`, synchronously. */
  describeSecretSync(input: Loose<DescribeSecretInput>): DescribeSecretOutput
  /** Lists the secrets that are stored by Secrets Manager in the Amazon Web Services account, not including secrets that are marked for deletion. */
  listSecrets(input?: Loose<ListSecretsInput>): Promise<ListSecretsOutput>
  /** `ListSecrets`, synchronously. */
  listSecretsSync(input?: Loose<ListSecretsInput>): ListSecretsOutput
  /** Lists the versions of a secret. */
  listSecretVersionIds(input: Loose<ListSecretVersionIdsInput>): Promise<ListSecretVersionIdsOutput>
  /** `ListSecretVersionIds`, synchronously. */
  listSecretVersionIdsSync(input: Loose<ListSecretVersionIdsInput>): ListSecretVersionIdsOutput
  /** Deletes a secret and all of its versions. */
  deleteSecret(input: Loose<DeleteSecretInput>): Promise<DeleteSecretOutput>
  /** `DeleteSecret`, synchronously. */
  deleteSecretSync(input: Loose<DeleteSecretInput>): DeleteSecretOutput
  /** Cancels the scheduled deletion of a secret by removing the DeletedDate time stamp. */
  restoreSecret(input: Loose<RestoreSecretInput>): Promise<RestoreSecretOutput>
  /** `RestoreSecret`, synchronously. */
  restoreSecretSync(input: Loose<RestoreSecretInput>): RestoreSecretOutput
  /** Generates a random password. */
  getRandomPassword(input?: Loose<GetRandomPasswordInput>): Promise<GetRandomPasswordOutput>
  /** `GetRandomPassword`, synchronously. */
  getRandomPasswordSync(input?: Loose<GetRandomPasswordInput>): GetRandomPasswordOutput
  /** Attaches tags to a secret. */
  tagResource(input: Loose<TagResourceInput>): Promise<TagResourceOutput>
  /** `TagResource`, synchronously. */
  tagResourceSync(input: Loose<TagResourceInput>): TagResourceOutput
  /** Removes specific tags from a secret. */
  untagResource(input: Loose<UntagResourceInput>): Promise<UntagResourceOutput>
  /** `UntagResource`, synchronously. */
  untagResourceSync(input: Loose<UntagResourceInput>): UntagResourceOutput
  /** Attaches a resource-based permission policy to a secret. */
  putResourcePolicy(input: Loose<PutResourcePolicyInput>): Promise<PutResourcePolicyOutput>
  /** `PutResourcePolicy`, synchronously. */
  putResourcePolicySync(input: Loose<PutResourcePolicyInput>): PutResourcePolicyOutput
  /** Retrieves the JSON text of the resource-based policy document attached to the secret. */
  getResourcePolicy(input: Loose<GetResourcePolicyInput>): Promise<GetResourcePolicyOutput>
  /** `GetResourcePolicy`, synchronously. */
  getResourcePolicySync(input: Loose<GetResourcePolicyInput>): GetResourcePolicyOutput
  /** Deletes the resource-based permission policy attached to the secret. */
  deleteResourcePolicy(input: Loose<DeleteResourcePolicyInput>): Promise<DeleteResourcePolicyOutput>
  /** `DeleteResourcePolicy`, synchronously. */
  deleteResourcePolicySync(input: Loose<DeleteResourcePolicyInput>): DeleteResourcePolicyOutput
  /** Lists the resource-based policies attached to a secret. */
  listResourcePolicies(input: Loose<ListResourcePoliciesInput>): Promise<ListResourcePoliciesOutput>
  /** `ListResourcePolicies`, synchronously. */
  listResourcePoliciesSync(input: Loose<ListResourcePoliciesInput>): ListResourcePoliciesOutput
  /** Validates that a resource policy does not grant a wide range of principals access to your secret. */
  validateResourcePolicy(input: Loose<ValidateResourcePolicyInput>): Promise<ValidateResourcePolicyOutput>
  /** `ValidateResourcePolicy`, synchronously. */
  validateResourcePolicySync(input: Loose<ValidateResourcePolicyInput>): ValidateResourcePolicyOutput
  /** Configures and starts the asynchronous process of rotating the secret. */
  rotateSecret(input: Loose<RotateSecretInput>): Promise<RotateSecretOutput>
  /** `RotateSecret`, synchronously. */
  rotateSecretSync(input: Loose<RotateSecretInput>): RotateSecretOutput
  /** Turns off automatic rotation, and if a rotation is currently in progress, cancels the rotation. */
  cancelRotateSecret(input: Loose<CancelRotateSecretInput>): Promise<CancelRotateSecretOutput>
  /** `CancelRotateSecret`, synchronously. */
  cancelRotateSecretSync(input: Loose<CancelRotateSecretInput>): CancelRotateSecretOutput
  /** Replicates the secret to a new Regions. */
  replicateSecretToRegions(input: Loose<ReplicateSecretToRegionsInput>): Promise<ReplicateSecretToRegionsOutput>
  /** `ReplicateSecretToRegions`, synchronously. */
  replicateSecretToRegionsSync(input: Loose<ReplicateSecretToRegionsInput>): ReplicateSecretToRegionsOutput
  /** For a secret that is replicated to other Regions, deletes the secret replicas from the Regions you specify. */
  removeRegionsFromReplication(input: Loose<RemoveRegionsFromReplicationInput>): Promise<RemoveRegionsFromReplicationOutput>
  /** `RemoveRegionsFromReplication`, synchronously. */
  removeRegionsFromReplicationSync(input: Loose<RemoveRegionsFromReplicationInput>): RemoveRegionsFromReplicationOutput
  /** Removes the link between a replica secret and its primary secret, and stops replication to the replica. */
  stopReplicationToReplica(input: Loose<StopReplicationToReplicaInput>): Promise<StopReplicationToReplicaOutput>
  /** `StopReplicationToReplica`, synchronously. */
  stopReplicationToReplicaSync(input: Loose<StopReplicationToReplicaInput>): StopReplicationToReplicaOutput
  /** Links a primary secret in your account to a replica secret in a different Amazon Web Services account and starts replication to this replica. */
  associateCrossAccountReplica(input: Loose<AssociateCrossAccountReplicaInput>): Promise<AssociateCrossAccountReplicaOutput>
  /** `AssociateCrossAccountReplica`, synchronously. */
  associateCrossAccountReplicaSync(input: Loose<AssociateCrossAccountReplicaInput>): AssociateCrossAccountReplicaOutput
  /** Removes the link between a primary secret in your account and a cross-account replica secret, and stops replication to the replica secret. */
  disassociateCrossAccountReplica(input: Loose<DisassociateCrossAccountReplicaInput>): Promise<DisassociateCrossAccountReplicaOutput>
  /** `DisassociateCrossAccountReplica`, synchronously. */
  disassociateCrossAccountReplicaSync(input: Loose<DisassociateCrossAccountReplicaInput>): DisassociateCrossAccountReplicaOutput
  /** Runs an SDK v3 Secrets Manager Command in process: `sm.send(new GetSecretValueCommand(input))`. */
  send(command: SecretsManagerCommand, ...rest: unknown[]): Promise<any>
  /** `send`, synchronously. */
  sendSync(command: SecretsManagerCommand): any
}
