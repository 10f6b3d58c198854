/**
 * The rtnetlink API the CLI uses, in one place, taken from the public `bun-netlink/rtnetlink`
 * entry point as a user would.
 */
export { listLinks, getLink, setLink, createLink, deleteLink, linkFlagNames } from "../rtnetlink/index.ts";
export type { Link, LinkSpec, LinkChanges, LinkStats, MacvlanMode } from "../rtnetlink/index.ts";
export { listAddresses, addAddress, replaceAddress, deleteAddress, addressFlagNames } from "../rtnetlink/index.ts";
export type { Address, AddressSpec, AddressFlagName, AddressScope } from "../rtnetlink/index.ts";
export { listRoutes, getRoute, addRoute, replaceRoute, deleteRoute, changeRoute } from "../rtnetlink/index.ts";
export type { Route, RouteSpec, RouteCommand, ListRoutesOptions, GetRouteOptions, RouteType, RouteScope, RouteProtocol } from "../rtnetlink/index.ts";
export { listNeighbours, addNeighbour, replaceNeighbour, deleteNeighbour } from "../rtnetlink/index.ts";
export type { Neighbour, NeighbourSpec, NeighbourState } from "../rtnetlink/index.ts";
export { watch } from "../rtnetlink/index.ts";
export type { WatchKind, WatchItem, ChangeEvent, NetworkState } from "../rtnetlink/index.ts";
