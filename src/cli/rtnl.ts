/**
 * The rtnetlink API the CLI uses, in one place. It re-exports the public rtnetlink functions so
 * that switching to `../rtnetlink/index.ts` (the `bun-netlink/rtnetlink` entry point) is a
 * one-file change.
 */
export { listLinks, getLink, setLink, createLink, deleteLink, linkFlagNames } from "../rtnetlink/link.ts";
export type { Link, LinkSpec, LinkChanges, LinkStats, MacvlanMode } from "../rtnetlink/link.ts";
export { listAddresses, addAddress, replaceAddress, deleteAddress, addressFlagNames } from "../rtnetlink/address.ts";
export type { Address, AddressSpec, AddressFlagName, AddressScope } from "../rtnetlink/address.ts";
export { listRoutes, getRoute, addRoute, replaceRoute, deleteRoute, changeRoute } from "../rtnetlink/route.ts";
export type { Route, RouteSpec, RouteCommand, ListRoutesOptions, GetRouteOptions, RouteType, RouteScope, RouteProtocol } from "../rtnetlink/route.ts";
export { listNeighbours, addNeighbour, replaceNeighbour, deleteNeighbour } from "../rtnetlink/neighbour.ts";
export type { Neighbour, NeighbourSpec, NeighbourState } from "../rtnetlink/neighbour.ts";
export { watch } from "../rtnetlink/watch.ts";
export type { WatchKind, WatchItem, ChangeEvent, NetworkState } from "../rtnetlink/watch.ts";
