/**
 * Generic netlink constants with their uapi names, from linux/genetlink.h and the policy-dump
 * enums of linux/netlink.h. The numbers are the kernel's ABI.
 */

/** Length of a family name, the NUL included (GENL_NAMSIZ). */
export const GENL_NAMSIZ = 16;
/** Size of struct genlmsghdr (cmd, version, reserved), already 4-aligned. */
export const GENL_HDRLEN = 4;
export const GENL_MIN_ID = 0x10;
export const GENL_MAX_ID = 1023;

/** Operation flags (CTRL_ATTR_OP_FLAGS). */
export const GENL_ADMIN_PERM = 0x01;
export const GENL_CMD_CAP_DO = 0x02;
export const GENL_CMD_CAP_DUMP = 0x04;
export const GENL_CMD_CAP_HASPOL = 0x08;
export const GENL_UNS_ADMIN_PERM = 0x10;

/** Reserved static family ids. The controller is the only one to rely on. */
export const GENL_ID_CTRL = 0x10;
export const GENL_ID_VFS_DQUOT = 0x11;
export const GENL_ID_PMCRAID = 0x12;
export const GENL_START_ALLOC = 0x13;

/** Controller commands. */
export const CTRL_CMD_UNSPEC = 0;
export const CTRL_CMD_NEWFAMILY = 1;
export const CTRL_CMD_DELFAMILY = 2;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_CMD_NEWOPS = 4;
export const CTRL_CMD_DELOPS = 5;
export const CTRL_CMD_GETOPS = 6;
export const CTRL_CMD_NEWMCAST_GRP = 7;
export const CTRL_CMD_DELMCAST_GRP = 8;
export const CTRL_CMD_GETMCAST_GRP = 9;
export const CTRL_CMD_GETPOLICY = 10;

/** Controller attributes. */
export const CTRL_ATTR_UNSPEC = 0;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;
export const CTRL_ATTR_VERSION = 3;
export const CTRL_ATTR_HDRSIZE = 4;
export const CTRL_ATTR_MAXATTR = 5;
export const CTRL_ATTR_OPS = 6;
export const CTRL_ATTR_MCAST_GROUPS = 7;
export const CTRL_ATTR_POLICY = 8;
export const CTRL_ATTR_OP_POLICY = 9;
export const CTRL_ATTR_OP = 10;

/** Attributes of one entry of CTRL_ATTR_OPS. */
export const CTRL_ATTR_OP_UNSPEC = 0;
export const CTRL_ATTR_OP_ID = 1;
export const CTRL_ATTR_OP_FLAGS = 2;

/** Attributes of one entry of CTRL_ATTR_MCAST_GROUPS. */
export const CTRL_ATTR_MCAST_GRP_UNSPEC = 0;
export const CTRL_ATTR_MCAST_GRP_NAME = 1;
export const CTRL_ATTR_MCAST_GRP_ID = 2;

/** Attributes of one operation inside CTRL_ATTR_OP_POLICY: the policy index of each request kind. */
export const CTRL_ATTR_POLICY_UNSPEC = 0;
export const CTRL_ATTR_POLICY_DO = 1;
export const CTRL_ATTR_POLICY_DUMP = 2;

/** The controller's multicast group for family add/remove notifications. */
export const GENL_CTRL_GROUP_NOTIFY = "notify";

/** enum netlink_attribute_type: an attribute's type in a policy dump. */
export const NL_ATTR_TYPE_INVALID = 0;
export const NL_ATTR_TYPE_FLAG = 1;
export const NL_ATTR_TYPE_U8 = 2;
export const NL_ATTR_TYPE_U16 = 3;
export const NL_ATTR_TYPE_U32 = 4;
export const NL_ATTR_TYPE_U64 = 5;
export const NL_ATTR_TYPE_S8 = 6;
export const NL_ATTR_TYPE_S16 = 7;
export const NL_ATTR_TYPE_S32 = 8;
export const NL_ATTR_TYPE_S64 = 9;
export const NL_ATTR_TYPE_BINARY = 10;
export const NL_ATTR_TYPE_STRING = 11;
export const NL_ATTR_TYPE_NUL_STRING = 12;
export const NL_ATTR_TYPE_NESTED = 13;
export const NL_ATTR_TYPE_NESTED_ARRAY = 14;
export const NL_ATTR_TYPE_BITFIELD32 = 15;
/** Linux 6.8+ (newer than Debian 12's headers): variable-width integers. */
export const NL_ATTR_TYPE_SINT = 16;
export const NL_ATTR_TYPE_UINT = 17;

/** enum netlink_policy_type_attr: the properties of one attribute in a policy dump. */
export const NL_POLICY_TYPE_ATTR_UNSPEC = 0;
export const NL_POLICY_TYPE_ATTR_TYPE = 1;
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_S = 2;
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_S = 3;
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_U = 4;
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 5;
export const NL_POLICY_TYPE_ATTR_MIN_LENGTH = 6;
export const NL_POLICY_TYPE_ATTR_MAX_LENGTH = 7;
export const NL_POLICY_TYPE_ATTR_POLICY_IDX = 8;
export const NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE = 9;
export const NL_POLICY_TYPE_ATTR_BITFIELD32_MASK = 10;
export const NL_POLICY_TYPE_ATTR_PAD = 11;
export const NL_POLICY_TYPE_ATTR_MASK = 12;
