// The KMS operations of `LocalKms`, generated from the core's model by core/src/wire/gen_types.py
// (`python3 core/src/wire/gen_types.py ts > bindings/node/kms.d.ts`); do not edit by hand.
// Inputs and outputs as the AWS SDK for JavaScript v3 names them (so a LocalKms is accepted
// where the SDK's KMS client is expected); output members datakey always sends are not
// optional. At run time a blob may also be an ArrayBuffer, a timestamp a number of ms.

import type { ResponseMetadata } from './index'

/** A key-value pair. */
export interface Tag {
  /** The key of the tag. */
  TagKey: string
  /** The value of the tag. */
  TagValue: string
}

/** CreateKeyRequest */
export interface CreateKeyInput {
  /** The key policy to attach to the KMS key. */
  Policy?: string
  /** A description of the KMS key. */
  Description?: string
  /** Determines the cryptographic operations for which you can use the KMS key. */
  KeyUsage?: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT' | 'ENCAPSULATE_DECAPSULATE'
  /** Instead, use the KeySpec parameter. */
  CustomerMasterKeySpec?: 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1' | 'SYMMETRIC_DEFAULT' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512' | 'SM2'
  /** Specifies the type of KMS key to create. */
  KeySpec?: 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1' | 'SYMMETRIC_DEFAULT' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512' | 'SM2' | 'ML_DSA_44' | 'ML_DSA_65' | 'ML_DSA_87' | 'ECC_NIST_EDWARDS25519' | 'ML_KEM_512' | 'ML_KEM_768' | 'ML_KEM_1024'
  /** The source of the key material for the KMS key. */
  Origin?: 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE'
  /** Creates the KMS key in the specified custom key store. */
  CustomKeyStoreId?: string
  /** Skips ("bypasses") the key policy lockout safety check. */
  BypassPolicyLockoutSafetyCheck?: boolean
  /** Assigns one or more tags to the KMS key. */
  Tags?: Array<Tag>
  /** Creates a multi-Region primary key that you can replicate into other Amazon Web Services Regions. */
  MultiRegion?: boolean
  /** Identifies the external key that serves as key material for the KMS key in an external key store. */
  XksKeyId?: string
}

/** Describes the primary or replica key in a multi-Region key. */
export interface MultiRegionKey {
  /** Displays the key ARN of a primary or replica key of a multi-Region key. */
  Arn?: string
  /** Displays the Amazon Web Services Region of a primary or replica key in a multi-Region key. */
  Region?: string
}

/** Describes the configuration of this multi-Region key. */
export interface MultiRegionConfiguration {
  /** Indicates whether the KMS key is a PRIMARY or REPLICA key. */
  MultiRegionKeyType?: 'PRIMARY' | 'REPLICA'
  /** Displays the key ARN and Region of the primary key. */
  PrimaryKey?: MultiRegionKey
  /** displays the key ARNs and Regions of all replica keys. */
  ReplicaKeys?: Array<MultiRegionKey>
}

/** Contains metadata about a KMS key. */
export interface KeyMetadata {
  /** The twelve-digit account ID of the Amazon Web Services account that owns the KMS key. */
  AWSAccountId: string
  /** The globally unique identifier for the KMS key. */
  KeyId: string
  /** The Amazon Resource Name (ARN) of the KMS key. */
  Arn: string
  /** The date and time when the KMS key was created. */
  CreationDate: Date
  /** Specifies whether the KMS key is enabled. */
  Enabled: boolean
  /** The description of the KMS key. */
  Description: string
  /** The cryptographic operations for which you can use the KMS key. */
  KeyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT' | 'ENCAPSULATE_DECAPSULATE'
  /** The current status of the KMS key. */
  KeyState: 'Creating' | 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating'
  /** The date and time after which KMS deletes this KMS key. */
  DeletionDate?: Date
  /** The earliest time at which any imported key material permanently associated with this KMS key expires. */
  ValidTo?: Date
  /** The source of the key material for the KMS key. */
  Origin: 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE'
  /** Specifies whether the KMS key's key material expires. */
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'
  /** The manager of the KMS key. */
  KeyManager: 'AWS' | 'CUSTOMER'
  /** Instead, use the KeySpec field. */
  CustomerMasterKeySpec?: 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1' | 'SYMMETRIC_DEFAULT' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512' | 'SM2'
  /** Describes the type of key material in the KMS key. */
  KeySpec: 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1' | 'SYMMETRIC_DEFAULT' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512' | 'SM2' | 'ML_DSA_44' | 'ML_DSA_65' | 'ML_DSA_87' | 'ECC_NIST_EDWARDS25519' | 'ML_KEM_512' | 'ML_KEM_768' | 'ML_KEM_1024'
  /** The encryption algorithms that the KMS key supports. */
  EncryptionAlgorithms?: Array<'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'>
  /** The signing algorithms that the KMS key supports. */
  SigningAlgorithms?: Array<'RSASSA_PSS_SHA_256' | 'RSASSA_PSS_SHA_384' | 'RSASSA_PSS_SHA_512' | 'RSASSA_PKCS1_V1_5_SHA_256' | 'RSASSA_PKCS1_V1_5_SHA_384' | 'RSASSA_PKCS1_V1_5_SHA_512' | 'ECDSA_SHA_256' | 'ECDSA_SHA_384' | 'ECDSA_SHA_512' | 'SM2DSA' | 'ML_DSA_SHAKE_256' | 'ED25519_SHA_512' | 'ED25519_PH_SHA_512'>
  /** The key agreement algorithm used to derive a shared secret. */
  KeyAgreementAlgorithms?: Array<'ECDH'>
  /** Indicates whether the KMS key is a multi-Region (True) or regional (False) key. */
  MultiRegion: boolean
  /** Lists the primary and replica keys in same multi-Region key. */
  MultiRegionConfiguration?: MultiRegionConfiguration
  /** The waiting period before the primary key in a multi-Region key is deleted. */
  PendingDeletionWindowInDays?: number
  /** The message authentication code (MAC) algorithm that the HMAC KMS key supports. */
  MacAlgorithms?: Array<'HMAC_SHA_224' | 'HMAC_SHA_256' | 'HMAC_SHA_384' | 'HMAC_SHA_512'>
  /** Identifies the current key material. */
  CurrentKeyMaterialId?: string
}

/** CreateKeyResponse */
export interface CreateKeyResponse {
  /** Metadata associated with the KMS key. */
  KeyMetadata: KeyMetadata
}

/** `CreateKey` output. */
export type CreateKeyOutput = CreateKeyResponse & { $metadata: ResponseMetadata }

/** DescribeKeyRequest */
export interface DescribeKeyInput {
  /** Describes the specified KMS key. */
  KeyId: string
  /** A list of grant tokens. */
  GrantTokens?: Array<string>
}

/** DescribeKeyResponse */
export interface DescribeKeyResponse {
  /** Metadata associated with the key. */
  KeyMetadata: KeyMetadata
}

/** `DescribeKey` output. */
export type DescribeKeyOutput = DescribeKeyResponse & { $metadata: ResponseMetadata }

/** ListKeysRequest */
export interface ListKeysInput {
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string
  /** Specifies whose KMS keys to list. */
  ResourceOwners?: Array<'SELF' | 'OTHER_ACCOUNTS_VIA_RAM'>
}

/** Contains information about each entry in the key list. */
export interface KeyListEntry {
  /** Unique identifier of the key. */
  KeyId: string
  /** ARN of the key. */
  KeyArn: string
}

/** ListKeysResponse */
export interface ListKeysResponse {
  /** A list of KMS keys. */
  Keys: Array<KeyListEntry>
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string
  /** A flag that indicates whether there are more items in the list. */
  Truncated: boolean
}

/** `ListKeys` output. */
export type ListKeysOutput = ListKeysResponse & { $metadata: ResponseMetadata }

/** EnableKeyRequest */
export interface EnableKeyInput {
  /** Identifies the KMS key to enable. */
  KeyId: string
}

/** `EnableKey` output (the operation has none). */
export type EnableKeyOutput = { $metadata: ResponseMetadata }

/** DisableKeyRequest */
export interface DisableKeyInput {
  /** Identifies the KMS key to disable. */
  KeyId: string
}

/** `DisableKey` output (the operation has none). */
export type DisableKeyOutput = { $metadata: ResponseMetadata }

/** ScheduleKeyDeletionRequest */
export interface ScheduleKeyDeletionInput {
  /** The unique identifier of the KMS key to delete. */
  KeyId: string
  /** The waiting period, specified in number of days. */
  PendingWindowInDays?: number
}

/** ScheduleKeyDeletionResponse */
export interface ScheduleKeyDeletionResponse {
  /** The Amazon Resource Name (key ARN) of the KMS key whose deletion is scheduled. */
  KeyId: string
  /** The date and time after which KMS deletes the KMS key. */
  DeletionDate: Date
  /** The current status of the KMS key. */
  KeyState: 'Creating' | 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating'
  /** The waiting period before the KMS key is deleted. */
  PendingWindowInDays: number
}

/** `ScheduleKeyDeletion` output. */
export type ScheduleKeyDeletionOutput = ScheduleKeyDeletionResponse & { $metadata: ResponseMetadata }

/** CancelKeyDeletionRequest */
export interface CancelKeyDeletionInput {
  /** Identifies the KMS key whose deletion is being canceled. */
  KeyId: string
}

/** CancelKeyDeletionResponse */
export interface CancelKeyDeletionResponse {
  /** The Amazon Resource Name (key ARN) of the KMS key whose deletion is canceled. */
  KeyId: string
}

/** `CancelKeyDeletion` output. */
export type CancelKeyDeletionOutput = CancelKeyDeletionResponse & { $metadata: ResponseMetadata }

/** CreateAliasRequest */
export interface CreateAliasInput {
  /** Specifies the alias name. */
  AliasName: string
  /** Associates the alias with the specified customer managed key. */
  TargetKeyId: string
}

/** `CreateAlias` output (the operation has none). */
export type CreateAliasOutput = { $metadata: ResponseMetadata }

/** UpdateAliasRequest */
export interface UpdateAliasInput {
  /** Identifies the alias that is changing its KMS key. */
  AliasName: string
  /** Identifies the customer managed key to associate with the alias. */
  TargetKeyId: string
}

/** `UpdateAlias` output (the operation has none). */
export type UpdateAliasOutput = { $metadata: ResponseMetadata }

/** DeleteAliasRequest */
export interface DeleteAliasInput {
  /** The alias to be deleted. */
  AliasName: string
}

/** `DeleteAlias` output (the operation has none). */
export type DeleteAliasOutput = { $metadata: ResponseMetadata }

/** ListAliasesRequest */
export interface ListAliasesInput {
  /** Lists only aliases that are associated with the specified KMS key. */
  KeyId?: string
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string
}

/** Contains information about an alias. */
export interface AliasListEntry {
  /** String that contains the alias. */
  AliasName: string
  /** String that contains the key ARN. */
  AliasArn: string
  /** String that contains the key identifier of the KMS key associated with the alias. */
  TargetKeyId?: string
  /** Date and time that the alias was most recently created in the account and Region. */
  CreationDate: Date
  /** Date and time that the alias was most recently associated with a KMS key in the account and Region. */
  LastUpdatedDate: Date
}

/** ListAliasesResponse */
export interface ListAliasesResponse {
  /** A list of aliases. */
  Aliases: Array<AliasListEntry>
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string
  /** A flag that indicates whether there are more items in the list. */
  Truncated: boolean
}

/** `ListAliases` output. */
export type ListAliasesOutput = ListAliasesResponse & { $metadata: ResponseMetadata }

/** Contains information about the party that receives the response from the API operation. */
export interface RecipientInfo {
  /** The encryption algorithm that KMS should use with the public key for an Amazon Web Services Nitro Enclave or NitroTPM to encrypt plaintext values for the response. */
  KeyEncryptionAlgorithm?: 'RSAES_OAEP_SHA_256'
  /** The attestation document for an Amazon Web Services Nitro Enclave or a NitroTPM. */
  AttestationDocument?: Uint8Array
}

/** GenerateDataKeyRequest */
export interface GenerateDataKeyInput {
  /** Specifies the symmetric encryption KMS key that encrypts the data key. */
  KeyId: string
  /** Specifies the encryption context that will be used when encrypting the data key. */
  EncryptionContext?: Record<string, string>
  /** Specifies the length of the data key in bytes. */
  NumberOfBytes?: number
  /** Specifies the length of the data key. */
  KeySpec?: 'AES_256' | 'AES_128'
  /** A list of grant tokens. */
  GrantTokens?: Array<string>
  /** A signed attestation document from an Amazon Web Services Nitro enclave or NitroTPM, and the encryption algorithm to use with the public key in the attestation document. */
  Recipient?: RecipientInfo
  /** Checks if your request will succeed. */
  DryRun?: boolean
}

/** GenerateDataKeyResponse */
export interface GenerateDataKeyResponse {
  /** The encrypted copy of the data key. */
  CiphertextBlob: Buffer
  /** The plaintext data key. */
  Plaintext: Buffer
  /** The Amazon Resource Name (key ARN) of the KMS key that encrypted the data key. */
  KeyId: string
  /** The identifier of the key material used to encrypt the data key. */
  KeyMaterialId: string
}

/** `GenerateDataKey` output. */
export type GenerateDataKeyOutput = GenerateDataKeyResponse & { $metadata: ResponseMetadata }

/** GenerateDataKeyWithoutPlaintextRequest */
export interface GenerateDataKeyWithoutPlaintextInput {
  /** Specifies the symmetric encryption KMS key that encrypts the data key. */
  KeyId: string
  /** Specifies the encryption context that will be used when encrypting the data key. */
  EncryptionContext?: Record<string, string>
  /** The length of the data key. */
  KeySpec?: 'AES_256' | 'AES_128'
  /** The length of the data key in bytes. */
  NumberOfBytes?: number
  /** A list of grant tokens. */
  GrantTokens?: Array<string>
  /** Checks if your request will succeed. */
  DryRun?: boolean
}

/** GenerateDataKeyWithoutPlaintextResponse */
export interface GenerateDataKeyWithoutPlaintextResponse {
  /** The encrypted data key. */
  CiphertextBlob: Buffer
  /** The Amazon Resource Name (key ARN) of the KMS key that encrypted the data key. */
  KeyId: string
  /** The identifier of the key material used to encrypt the data key. */
  KeyMaterialId: string
}

/** `GenerateDataKeyWithoutPlaintext` output. */
export type GenerateDataKeyWithoutPlaintextOutput = GenerateDataKeyWithoutPlaintextResponse & { $metadata: ResponseMetadata }

/** EncryptRequest */
export interface EncryptInput {
  /** Identifies the KMS key to use in the encryption operation. */
  KeyId: string
  /** Data to be encrypted. */
  Plaintext: Uint8Array
  /** Specifies the encryption context that will be used to encrypt the data. */
  EncryptionContext?: Record<string, string>
  /** A list of grant tokens. */
  GrantTokens?: Array<string>
  /** Specifies the encryption algorithm that KMS will use to encrypt the plaintext message. */
  EncryptionAlgorithm?: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** Checks if your request will succeed. */
  DryRun?: boolean
}

/** EncryptResponse */
export interface EncryptResponse {
  /** The encrypted plaintext. */
  CiphertextBlob: Buffer
  /** The Amazon Resource Name (key ARN) of the KMS key that was used to encrypt the plaintext. */
  KeyId: string
  /** The encryption algorithm that was used to encrypt the plaintext. */
  EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
}

/** `Encrypt` output. */
export type EncryptOutput = EncryptResponse & { $metadata: ResponseMetadata }

/** DecryptRequest */
export interface DecryptInput {
  /** Ciphertext to be decrypted. */
  CiphertextBlob?: Uint8Array
  /** Specifies the encryption context to use when decrypting the data. */
  EncryptionContext?: Record<string, string>
  /** A list of grant tokens. */
  GrantTokens?: Array<string>
  /** Specifies the KMS key that KMS uses to decrypt the ciphertext. */
  KeyId?: string
  /** Specifies the encryption algorithm that will be used to decrypt the ciphertext. */
  EncryptionAlgorithm?: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** A signed attestation document from an Amazon Web Services Nitro enclave or NitroTPM, and the encryption algorithm to use with the public key in the attestation document. */
  Recipient?: RecipientInfo
  /** Checks if your request will succeed. */
  DryRun?: boolean
  /** Specifies the modifiers to apply to the dry run operation. */
  DryRunModifiers?: Array<'IGNORE_CIPHERTEXT'>
}

/** DecryptResponse */
export interface DecryptResponse {
  /** The Amazon Resource Name (key ARN) of the KMS key that was used to decrypt the ciphertext. */
  KeyId: string
  /** Decrypted plaintext data. */
  Plaintext: Buffer
  /** The encryption algorithm that was used to decrypt the ciphertext. */
  EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** The identifier of the key material used to decrypt the ciphertext. */
  KeyMaterialId: string
}

/** `Decrypt` output. */
export type DecryptOutput = DecryptResponse & { $metadata: ResponseMetadata }

/** ReEncryptRequest */
export interface ReEncryptInput {
  /** Ciphertext of the data to reencrypt. */
  CiphertextBlob?: Uint8Array
  /** Specifies the encryption context to use to decrypt the ciphertext. */
  SourceEncryptionContext?: Record<string, string>
  /** Specifies the KMS key that KMS will use to decrypt the ciphertext before it is re-encrypted. */
  SourceKeyId?: string
  /** A unique identifier for the KMS key that is used to reencrypt the data. */
  DestinationKeyId: string
  /** Specifies that encryption context to use when the reencrypting the data. */
  DestinationEncryptionContext?: Record<string, string>
  /** Specifies the encryption algorithm that KMS will use to decrypt the ciphertext before it is reencrypted. */
  SourceEncryptionAlgorithm?: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** Specifies the encryption algorithm that KMS will use to reecrypt the data after it has decrypted it. */
  DestinationEncryptionAlgorithm?: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** A list of grant tokens. */
  GrantTokens?: Array<string>
  /** Checks if your request will succeed. */
  DryRun?: boolean
  /** Specifies the modifiers to apply to the dry run operation. */
  DryRunModifiers?: Array<'IGNORE_CIPHERTEXT'>
}

/** ReEncryptResponse */
export interface ReEncryptResponse {
  /** The reencrypted data. */
  CiphertextBlob: Buffer
  /** Unique identifier of the KMS key used to originally encrypt the data. */
  SourceKeyId: string
  /** The Amazon Resource Name (key ARN) of the KMS key that was used to reencrypt the data. */
  KeyId: string
  /** The encryption algorithm that was used to decrypt the ciphertext before it was reencrypted. */
  SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** The encryption algorithm that was used to reencrypt the data. */
  DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
  /** The identifier of the key material used to originally encrypt the data. */
  SourceKeyMaterialId: string
  /** The identifier of the key material used to reencrypt the data. */
  DestinationKeyMaterialId: string
}

/** `ReEncrypt` output. */
export type ReEncryptOutput = ReEncryptResponse & { $metadata: ResponseMetadata }

/** GenerateRandomRequest */
export interface GenerateRandomInput {
  /** The length of the random byte string. */
  NumberOfBytes?: number
  /** Generates the random byte string in the CloudHSM cluster that is associated with the specified CloudHSM key store. */
  CustomKeyStoreId?: string
  /** A signed attestation document from an Amazon Web Services Nitro enclave or NitroTPM, and the encryption algorithm to use with the public key in the attestation document. */
  Recipient?: RecipientInfo
}

/** GenerateRandomResponse */
export interface GenerateRandomResponse {
  /** The random byte string. */
  Plaintext: Buffer
}

/** `GenerateRandom` output. */
export type GenerateRandomOutput = GenerateRandomResponse & { $metadata: ResponseMetadata }

/** RotateKeyOnDemandRequest */
export interface RotateKeyOnDemandInput {
  /** Identifies a symmetric encryption KMS key. */
  KeyId: string
}

/** RotateKeyOnDemandResponse */
export interface RotateKeyOnDemandResponse {
  /** Identifies the symmetric encryption KMS key that you initiated on-demand rotation on. */
  KeyId: string
}

/** `RotateKeyOnDemand` output. */
export type RotateKeyOnDemandOutput = RotateKeyOnDemandResponse & { $metadata: ResponseMetadata }

/** EnableKeyRotationRequest */
export interface EnableKeyRotationInput {
  /** Identifies a symmetric encryption KMS key. */
  KeyId: string
  /** Use this parameter to specify a custom period of time between each rotation date. */
  RotationPeriodInDays?: number
}

/** `EnableKeyRotation` output (the operation has none). */
export type EnableKeyRotationOutput = { $metadata: ResponseMetadata }

/** DisableKeyRotationRequest */
export interface DisableKeyRotationInput {
  /** Identifies a symmetric encryption KMS key. */
  KeyId: string
}

/** `DisableKeyRotation` output (the operation has none). */
export type DisableKeyRotationOutput = { $metadata: ResponseMetadata }

/** GetKeyRotationStatusRequest */
export interface GetKeyRotationStatusInput {
  /** Gets the rotation status for the specified KMS key. */
  KeyId: string
}

/** GetKeyRotationStatusResponse */
export interface GetKeyRotationStatusResponse {
  /** A Boolean value that specifies whether key rotation is enabled. */
  KeyRotationEnabled: boolean
  /** Identifies the specified symmetric encryption KMS key. */
  KeyId: string
  /** The number of days between each automatic rotation. */
  RotationPeriodInDays?: number
  /** The next date that KMS will automatically rotate the key material. */
  NextRotationDate?: Date
  /** Identifies the date and time that an in progress on-demand rotation was initiated. */
  OnDemandRotationStartDate?: Date
}

/** `GetKeyRotationStatus` output. */
export type GetKeyRotationStatusOutput = GetKeyRotationStatusResponse & { $metadata: ResponseMetadata }

/** ListKeyRotationsRequest */
export interface ListKeyRotationsInput {
  /** Gets the key rotations for the specified KMS key. */
  KeyId: string
  /** Use this optional parameter to control which key materials associated with this key are listed in the response. */
  IncludeKeyMaterial?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY'
  /** Use this parameter to specify the maximum number of items to return. */
  Limit?: number
  /** Use this parameter in a subsequent request after you receive a response with truncated results. */
  Marker?: string
}

/** Each entry contains information about one of the key materials associated with a KMS key. */
export interface RotationsListEntry {
  /** Unique identifier of the key. */
  KeyId: string
  /** Unique identifier of the key material. */
  KeyMaterialId: string
  /** There are four possible values for this field: CURRENT, NON_CURRENT, PENDING_MULTI_REGION_IMPORT_AND_ROTATION and PENDING_ROTATION. */
  KeyMaterialState: 'NON_CURRENT' | 'CURRENT' | 'PENDING_ROTATION' | 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION'
  /** Date and time that the key material rotation completed. */
  RotationDate?: Date
  /** Identifies whether the key material rotation was a scheduled automatic rotation or an on-demand rotation. */
  RotationType?: 'AUTOMATIC' | 'ON_DEMAND'
}

/** ListKeyRotationsResponse */
export interface ListKeyRotationsResponse {
  /** A list of completed key material rotations. */
  Rotations: Array<RotationsListEntry>
  /** When Truncated is true, this element is present and contains the value to use for the Marker parameter in a subsequent request. */
  NextMarker?: string
  /** A flag that indicates whether there are more items in the list. */
  Truncated: boolean
}

/** `ListKeyRotations` output. */
export type ListKeyRotationsOutput = ListKeyRotationsResponse & { $metadata: ResponseMetadata }

/** ImportKeyMaterialRequest */
export interface ImportKeyMaterialInput {
  /** The identifier of the KMS key that will be associated with the imported key material. */
  KeyId: string
  /** The 32 raw bytes of key material (datakey: no import token, no wrapping). */
  KeyMaterial?: Uint8Array
  /** The import token that you received in the response to a previous GetParametersForImport request. */
  ImportToken?: Uint8Array
  /** The encrypted key material to import. */
  EncryptedKeyMaterial?: Uint8Array
  /** The date and time when the imported key material expires. */
  ValidTo?: Date
  /** Specifies whether the key material expires. */
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'
  /** Indicates whether the key material being imported is previously associated with this KMS key or not. */
  ImportType?: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL'
  /** Description for the key material being imported. */
  KeyMaterialDescription?: string
  /** Identifies the key material being imported. */
  KeyMaterialId?: string
}

/** ImportKeyMaterialResponse */
export interface ImportKeyMaterialResponse {
  /** The Amazon Resource Name (key ARN) of the KMS key into which key material was imported. */
  KeyId: string
  /** Identifies the imported key material. */
  KeyMaterialId: string
}

/** `ImportKeyMaterial` output. */
export type ImportKeyMaterialOutput = ImportKeyMaterialResponse & { $metadata: ResponseMetadata }

/** PutKeyPolicyRequest */
export interface PutKeyPolicyInput {
  /** Sets the key policy on the specified KMS key. */
  KeyId: string
  /** The name of the key policy. */
  PolicyName?: string
  /** The key policy to attach to the KMS key. */
  Policy: string
  /** Skips ("bypasses") the key policy lockout safety check. */
  BypassPolicyLockoutSafetyCheck?: boolean
}

/** `PutKeyPolicy` output (the operation has none). */
export type PutKeyPolicyOutput = { $metadata: ResponseMetadata }

/** GetKeyPolicyRequest */
export interface GetKeyPolicyInput {
  /** Identifies the KMS key whose key policy you want to get. */
  KeyId: string
  /** Specifies the name of the key policy. */
  PolicyName?: string
}

/** GetKeyPolicyResponse */
export interface GetKeyPolicyResponse {
  /** A key policy document in JSON format. */
  Policy: string
  /** The name of the key policy. */
  PolicyName: string
}

/** `GetKeyPolicy` output. */
export type GetKeyPolicyOutput = GetKeyPolicyResponse & { $metadata: ResponseMetadata }

/**
 * An input as the SDK v3 types it: every member may also be `undefined` (an absent member),
 * which makes a `LocalKms` assignable to the SDK's `KMS` client; the members stay the model's.
 */
export type Loose<T> = T extends Uint8Array | Date | string | number | boolean
  ? T
  : T extends Array<infer E> ? Array<Loose<E>> : { [K in keyof T]: Loose<T[K]> | undefined }

/** An SDK v3 Command of `@aws-sdk/client-kms` (`new GenerateDataKeyCommand(input)`). */
export interface KmsCommand {
  readonly input: object
}

/** The KMS operations of a `LocalKms`: each as a promise and as a `…Sync` call. */
export interface KmsOperations {
  /** Creates a unique customer managed KMS key in your Amazon Web Services account and Region. */
  createKey(input?: Loose<CreateKeyInput>): Promise<CreateKeyOutput>
  /** `CreateKey`, synchronously. */
  createKeySync(input?: Loose<CreateKeyInput>): CreateKeyOutput
  /** Provides detailed information about a KMS key. */
  describeKey(input: Loose<DescribeKeyInput>): Promise<DescribeKeyOutput>
  /** `DescribeKey`, synchronously. */
  describeKeySync(input: Loose<DescribeKeyInput>): DescribeKeyOutput
  /** Gets a list of all KMS keys in the caller's Amazon Web Services account and Region. */
  listKeys(input?: Loose<ListKeysInput>): Promise<ListKeysOutput>
  /** `ListKeys`, synchronously. */
  listKeysSync(input?: Loose<ListKeysInput>): ListKeysOutput
  /** Sets the key state of a KMS key to enabled. */
  enableKey(input: Loose<EnableKeyInput>): Promise<EnableKeyOutput>
  /** `EnableKey`, synchronously. */
  enableKeySync(input: Loose<EnableKeyInput>): EnableKeyOutput
  /** Sets the state of a KMS key to disabled. */
  disableKey(input: Loose<DisableKeyInput>): Promise<DisableKeyOutput>
  /** `DisableKey`, synchronously. */
  disableKeySync(input: Loose<DisableKeyInput>): DisableKeyOutput
  /** Schedules the deletion of a KMS key. */
  scheduleKeyDeletion(input: Loose<ScheduleKeyDeletionInput>): Promise<ScheduleKeyDeletionOutput>
  /** `ScheduleKeyDeletion`, synchronously. */
  scheduleKeyDeletionSync(input: Loose<ScheduleKeyDeletionInput>): ScheduleKeyDeletionOutput
  /** Cancels the deletion of a KMS key. */
  cancelKeyDeletion(input: Loose<CancelKeyDeletionInput>): Promise<CancelKeyDeletionOutput>
  /** `CancelKeyDeletion`, synchronously. */
  cancelKeyDeletionSync(input: Loose<CancelKeyDeletionInput>): CancelKeyDeletionOutput
  /** Creates a friendly name for a KMS key. */
  createAlias(input: Loose<CreateAliasInput>): Promise<CreateAliasOutput>
  /** `CreateAlias`, synchronously. */
  createAliasSync(input: Loose<CreateAliasInput>): CreateAliasOutput
  /** Associates an existing KMS alias with a different KMS key. */
  updateAlias(input: Loose<UpdateAliasInput>): Promise<UpdateAliasOutput>
  /** `UpdateAlias`, synchronously. */
  updateAliasSync(input: Loose<UpdateAliasInput>): UpdateAliasOutput
  /** Deletes the specified alias. */
  deleteAlias(input: Loose<DeleteAliasInput>): Promise<DeleteAliasOutput>
  /** `DeleteAlias`, synchronously. */
  deleteAliasSync(input: Loose<DeleteAliasInput>): DeleteAliasOutput
  /** Gets a list of aliases in the caller's Amazon Web Services account and region. */
  listAliases(input?: Loose<ListAliasesInput>): Promise<ListAliasesOutput>
  /** `ListAliases`, synchronously. */
  listAliasesSync(input?: Loose<ListAliasesInput>): ListAliasesOutput
  /** Returns a unique symmetric data key for use outside of KMS. */
  generateDataKey(input: Loose<GenerateDataKeyInput>): Promise<GenerateDataKeyOutput>
  /** `GenerateDataKey`, synchronously. */
  generateDataKeySync(input: Loose<GenerateDataKeyInput>): GenerateDataKeyOutput
  /** Returns a unique symmetric data key for use outside of KMS. */
  generateDataKeyWithoutPlaintext(input: Loose<GenerateDataKeyWithoutPlaintextInput>): Promise<GenerateDataKeyWithoutPlaintextOutput>
  /** `GenerateDataKeyWithoutPlaintext`, synchronously. */
  generateDataKeyWithoutPlaintextSync(input: Loose<GenerateDataKeyWithoutPlaintextInput>): GenerateDataKeyWithoutPlaintextOutput
  /** Encrypts plaintext of up to 4,096 bytes using a KMS key. */
  encrypt(input: Loose<EncryptInput>): Promise<EncryptOutput>
  /** `Encrypt`, synchronously. */
  encryptSync(input: Loose<EncryptInput>): EncryptOutput
  /** Decrypts ciphertext that was encrypted by a KMS key using any of the following operations:    Encrypt     GenerateDataKey     GenerateDataKeyPair     GenerateDataKeyWithoutPlaintext     GenerateDataKeyPairWithoutPlaintext    You can use this operation to decrypt ciphertext that was encrypted under a symmetric encryption KMS key or an asymmetric encryption KMS key. */
  decrypt(input?: Loose<DecryptInput>): Promise<DecryptOutput>
  /** `Decrypt`, synchronously. */
  decryptSync(input?: Loose<DecryptInput>): DecryptOutput
  /** Decrypts ciphertext and then reencrypts it entirely within KMS. */
  reEncrypt(input: Loose<ReEncryptInput>): Promise<ReEncryptOutput>
  /** `ReEncrypt`, synchronously. */
  reEncryptSync(input: Loose<ReEncryptInput>): ReEncryptOutput
  /** Returns a random byte string that is cryptographically secure. */
  generateRandom(input?: Loose<GenerateRandomInput>): Promise<GenerateRandomOutput>
  /** `GenerateRandom`, synchronously. */
  generateRandomSync(input?: Loose<GenerateRandomInput>): GenerateRandomOutput
  /** Immediately initiates rotation of the key material of the specified symmetric encryption KMS key. */
  rotateKeyOnDemand(input: Loose<RotateKeyOnDemandInput>): Promise<RotateKeyOnDemandOutput>
  /** `RotateKeyOnDemand`, synchronously. */
  rotateKeyOnDemandSync(input: Loose<RotateKeyOnDemandInput>): RotateKeyOnDemandOutput
  /** Enables automatic rotation of the key material of the specified symmetric encryption KMS key. */
  enableKeyRotation(input: Loose<EnableKeyRotationInput>): Promise<EnableKeyRotationOutput>
  /** `EnableKeyRotation`, synchronously. */
  enableKeyRotationSync(input: Loose<EnableKeyRotationInput>): EnableKeyRotationOutput
  /** Disables automatic rotation of the key material of the specified symmetric encryption KMS key. */
  disableKeyRotation(input: Loose<DisableKeyRotationInput>): Promise<DisableKeyRotationOutput>
  /** `DisableKeyRotation`, synchronously. */
  disableKeyRotationSync(input: Loose<DisableKeyRotationInput>): DisableKeyRotationOutput
  /** Provides detailed information about the rotation status for a KMS key, including whether automatic rotation of the key material is enabled for the specified KMS key, the rotation period, and the next scheduled rotation date. */
  getKeyRotationStatus(input: Loose<GetKeyRotationStatusInput>): Promise<GetKeyRotationStatusOutput>
  /** `GetKeyRotationStatus`, synchronously. */
  getKeyRotationStatusSync(input: Loose<GetKeyRotationStatusInput>): GetKeyRotationStatusOutput
  /** Returns information about the key materials associated with the specified KMS key. */
  listKeyRotations(input: Loose<ListKeyRotationsInput>): Promise<ListKeyRotationsOutput>
  /** `ListKeyRotations`, synchronously. */
  listKeyRotationsSync(input: Loose<ListKeyRotationsInput>): ListKeyRotationsOutput
  /** Imports or reimports key material into an existing KMS key that was created without key material. */
  importKeyMaterial(input: Loose<ImportKeyMaterialInput>): Promise<ImportKeyMaterialOutput>
  /** `ImportKeyMaterial`, synchronously. */
  importKeyMaterialSync(input: Loose<ImportKeyMaterialInput>): ImportKeyMaterialOutput
  /** Attaches a key policy to the specified KMS key. */
  putKeyPolicy(input: Loose<PutKeyPolicyInput>): Promise<PutKeyPolicyOutput>
  /** `PutKeyPolicy`, synchronously. */
  putKeyPolicySync(input: Loose<PutKeyPolicyInput>): PutKeyPolicyOutput
  /** Gets a key policy attached to the specified KMS key. */
  getKeyPolicy(input: Loose<GetKeyPolicyInput>): Promise<GetKeyPolicyOutput>
  /** `GetKeyPolicy`, synchronously. */
  getKeyPolicySync(input: Loose<GetKeyPolicyInput>): GetKeyPolicyOutput
  /** Runs an SDK v3 KMS Command in process: `kms.send(new GenerateDataKeyCommand(input))`. */
  send(command: KmsCommand, ...rest: unknown[]): Promise<any>
  /** `send`, synchronously. */
  sendSync(command: KmsCommand): any
}
