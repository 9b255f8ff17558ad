'use client';
/** Networks: the fleet-wide list (Hangar's API) and changes through the gateway. */
import { useQuery } from '@tanstack/react-query';
import type { FleetNetworksResponse } from '../api-types';
import { networkKeys } from '../query-keys';
import { apiFetch } from './client';
import { sendLxd } from './config';
import { lxdGet, lxdPath } from './operations';

export function useFleetNetworks() {
  return useQuery({
    queryKey: networkKeys.fleet(),
    queryFn: () => apiFetch<FleetNetworksResponse>('/api/v1/networks'),
    refetchInterval: 30_000,
  });
}

export interface NetworkRef {
  daemonId: string;
  name: string;
}

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
  await sendLxd(ref.daemonId, 'POST', lxdPath(['networks']), { name: ref.name, ...input });
}

/** A PATCH: description and the given config keys; a key set to "" is unset by the daemon. */
export async function editNetwork(ref: NetworkRef, input: { description: string; config: Record<string, string> }): Promise<void> {
  await sendLxd(ref.daemonId, 'PATCH', lxdPath(['networks', ref.name]), input);
}

export async function deleteNetwork(ref: NetworkRef): Promise<void> {
  await sendLxd(ref.daemonId, 'DELETE', lxdPath(['networks', ref.name]));
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
  return lxdGet<NetworkLease[]>(ref.daemonId, lxdPath(['networks', ref.name, 'leases']));
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
  return lxdGet<NetworkState>(ref.daemonId, lxdPath(['networks', ref.name, 'state']));
}
