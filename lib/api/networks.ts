'use client';
/** Networks: the fleet-wide list (Hangar's API) and changes through the gateway. */
import { useQuery } from '@tanstack/react-query';
import type { FleetNetworksResponse, NetworkAclRule } from '../api-types';
import { networkKeys } from '../query-keys';
import { lxdGet, lxdPath, runLxd } from './daemon';
import { useFleetList } from './fleet';

export function useFleetNetworks() {
  return useFleetList<FleetNetworksResponse>(networkKeys, '/api/v1/networks', 30_000);
}

export interface NetworkRef {
  daemonId: string;
  name: string;
  /** A project with its own networks (`features.networks`); the default project otherwise. */
  project?: string;
}

const networkPath = (ref: NetworkRef, ...rest: string[]) =>
  lxdPath(['networks', ref.name, ...rest], { project: ref.project && ref.project !== 'default' ? ref.project : undefined });

export const NETWORK_TYPES = ['bridge', 'macvlan', 'physical'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

export interface NetworkInput {
  type: NetworkType;
  description: string;
  config: Record<string, string>;
}

/** Config a new network of each type starts with (the form shows and edits it). */
export function defaultNetworkConfig(type: NetworkType): Record<string, string> {
  return type === 'bridge' ? { 'ipv4.address': 'none', 'ipv6.address': 'none' } : { parent: '' };
}

export async function createNetwork(ref: NetworkRef, input: NetworkInput): Promise<void> {
  const project = ref.project && ref.project !== 'default' ? ref.project : undefined;
  await runLxd(ref.daemonId, 'POST', lxdPath(['networks'], { project }), { name: ref.name, ...input });
}

/** A PATCH: description and the given config keys; a key set to "" is unset by the daemon. */
export async function editNetwork(ref: NetworkRef, input: { description: string; config: Record<string, string> }): Promise<void> {
  await runLxd(ref.daemonId, 'PATCH', networkPath(ref), input);
}

export async function deleteNetwork(ref: NetworkRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', networkPath(ref));
}

export interface NetworkLease {
  hostname: string;
  address: string;
  hwaddr: string;
  type: string;
  location?: string;
}

/** DHCP leases of a managed bridge (none when it has no addresses). */
export function fetchLeases(ref: NetworkRef): Promise<NetworkLease[]> {
  return lxdGet<NetworkLease[]>(ref.daemonId, networkPath(ref, 'leases'));
}

export interface NetworkState {
  state: string;
  type: string;
  mtu: number;
  hwaddr: string;
  addresses: { family: string; address: string; netmask: string; scope: string }[];
  counters: { bytes_received: number; bytes_sent: number };
}

export function fetchNetworkState(ref: NetworkRef): Promise<NetworkState> {
  return lxdGet<NetworkState>(ref.daemonId, networkPath(ref, 'state'));
}

export function useNetworkState(ref: NetworkRef) {
  return useQuery({ queryKey: networkKeys.state(ref.daemonId, ref.project ?? 'default', ref.name), queryFn: () => fetchNetworkState(ref) });
}

/** DHCP leases; only bridges have them (`enabled` false for other types). */
export function useNetworkLeases(ref: NetworkRef, enabled: boolean) {
  return useQuery({ queryKey: networkKeys.leases(ref.daemonId, ref.project ?? 'default', ref.name), queryFn: () => fetchLeases(ref), enabled });
}

export interface AclRef {
  daemonId: string;
  project: string;
  name: string;
}

export interface AclInput {
  description: string;
  ingress: NetworkAclRule[];
  egress: NetworkAclRule[];
}

const aclQuery = (ref: AclRef) => ({ project: ref.project !== 'default' ? ref.project : undefined });

/** Network ACLs (daemons with the `network_acl` extension); each rule set is replaced whole. */
export async function createAcl(ref: AclRef, input: AclInput): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['network-acls'], aclQuery(ref)), { name: ref.name, ...input });
}

/** A PUT: description and both rule lists as given (config kept as the daemon has it). */
export async function editAcl(ref: AclRef, input: AclInput & { config: Record<string, string> }): Promise<void> {
  await runLxd(ref.daemonId, 'PUT', lxdPath(['network-acls', ref.name], aclQuery(ref)), input);
}

export async function deleteAcl(ref: AclRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', lxdPath(['network-acls', ref.name], aclQuery(ref)));
}
