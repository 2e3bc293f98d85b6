/**
 * The harness' implementation of n8n-workflow's `ICredentialsHelper`.
 *
 * In n8n the CLI supplies this object (it reads credentials from the database).
 * Here the decrypted data comes from the test, but it is treated the way n8n
 * treats stored credentials:
 *  - it is kept serialised (a JSON string in an `ICredentials` object) and
 *    parsed on every access, so a node can never mutate the stored copy. It is
 *    not encrypted: n8n-core 2.41's `Credentials`/`Cipher` need an encryption
 *    key provider that n8n's CLI backs with its database (`EncryptionKeyProxy`),
 *    and encryption at rest plays no part in how a node behaves;
 *  - defaults from the credential type's properties are filled in and unknown
 *    keys dropped (n8n-workflow `NodeHelpers.getNodeParameters`);
 *  - `={{ ... }}` expressions in credential fields are resolved by the
 *    workflow's real expression engine;
 *  - a declarative `authenticate` (IAuthenticateGeneric) is applied by
 *    resolving each key/value against `{ $credentials }` and writing it into
 *    the request's headers / qs / body / auth; a function `authenticate` is
 *    called as is.
 */
import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	isExpression,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessNodeTypes } from './runtime';

const CREDENTIAL_RESOLUTION_NODE: INode = {
	id: 'harness-credential-resolution',
	name: 'Harness credential resolution',
	type: 'n8n-nodes-harness.credentialResolution',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const credentialResolutionNodeTypes = new HarnessNodeTypes({
	[CREDENTIAL_RESOLUTION_NODE.type]: {
		description: {
			displayName: 'Harness credential resolution',
			name: 'credentialResolution',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			properties: [],
		},
	},
});

/** Credentials held as a JSON string, standing in for the CLI's encrypted database row. */
export class StoredCredentials extends ICredentials {
	async getData(): Promise<ICredentialDataDecryptedObject> {
		return JSON.parse(this.data ?? '{}') as ICredentialDataDecryptedObject;
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.data = JSON.stringify(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...(await this.getData()), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		await this.setData(data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	private readonly stored = new Map<string, StoredCredentials>();

	/** Every request options object `authenticate` produced, newest last. */
	readonly authenticatedRequests: IHttpRequestOptions[] = [];

	constructor(credentialTypes: ICredentialType[] = []) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	static credentialId(type: string) {
		return `harness-${type}`;
	}

	/** Stores a credential's data (as the CLI stores it in its database). */
	async store(type: string, data: ICredentialDataDecryptedObject) {
		const credentials = new StoredCredentials(
			{ id: HarnessCredentialsHelper.credentialId(type), name: `${type} (test)` },
			type,
		);
		await credentials.setData(data);
		this.stored.set(type, credentials);
	}

	getCredentialType(typeName: string): ICredentialType {
		const type = this.types.get(typeName);
		if (!type) {
			throw new Error(
				`Harness: credential type "${typeName}" is unknown; pass an instance of it in \`credentialTypes\``,
			);
		}
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const type = this.types.get(typeName);
		if (!type?.extends) return [];
		return type.extends.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(typeName: string): INodeProperties[] {
		const type = this.types.get(typeName);
		if (!type) return [];
		const properties: INodeProperties[] = [];
		for (const parent of type.extends ?? []) {
			NodeHelpers.mergeNodeProperties(properties, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(properties, type.properties);
		return properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		let result = requestOptions as IHttpRequestOptions;

		if (typeof authenticate === 'function') {
			result = await authenticate(credentials, result);
		} else if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new Error('Harness: declarative authenticate needs the workflow and node');
			}
			const resolve = (value: string): string => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved === undefined || resolved === null ? '' : String(resolved);
			};
			const target = result as unknown as Record<string, Record<string, unknown> | undefined>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				const bucket = (target[section] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					bucket[resolve(key)] = resolve(value);
				}
			}
		}

		this.authenticatedRequests.push(result);
		return result;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getCredentialType(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const merged = { ...credentials, ...output } as ICredentialDataDecryptedObject;
		await this.store(typeName, merged);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getCredentialType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, type: string) {
		const credentials = this.stored.get(type);
		if (!credentials) {
			throw new Error(`Harness: no credentials of type "${type}" were given to the harness`);
		}
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const original = await (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw === true) return original;

		let data: ICredentialDataDecryptedObject = original;
		if (this.types.has(type)) {
			data = (NodeHelpers.getNodeParameters(
				this.getCredentialsProperties(type),
				original as INodeParameters,
				true,
				false,
				null,
				null,
			) ?? {}) as ICredentialDataDecryptedObject;
			if (original.oauthTokenData !== undefined) data.oauthTokenData = original.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} else {
			const workflow = new Workflow({
				nodes: [{ ...CREDENTIAL_RESOLUTION_NODE }],
				connections: {},
				active: false,
				nodeTypes: credentialResolutionNodeTypes,
			});
			data = workflow.expression.getComplexParameterValue(
				CREDENTIAL_RESOLUTION_NODE,
				data as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.store(type, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		await credentials.updateData({ oauthTokenData: data.oauthTokenData });
	}
}
