#!/usr/bin/env bash
# Run a command inside a throw-away qemu VM that boots Debian's stock kernel
# (which, unlike the host kernel, has cfg80211/mac80211/mac80211_hwsim) with
# the host's root filesystem shared read-only over 9p and a tmpfs overlay on
# top. See test/vm/README.md.
#
#   test/vm/vm.sh [--timeout SECS] -- CMD ARGS...
#
# The command runs in the VM with cwd = the directory vm.sh was called from;
# its stdout/stderr come back on vm.sh's stdout/stderr and vm.sh exits with
# its exit code (124 on timeout, 125 when the VM itself failed).
# shellcheck disable=SC2317,SC2054  # (trap handlers; qemu option lists)
set -euo pipefail

PROG="vm.sh"

usage() {
  cat <<'EOF'
usage: test/vm/vm.sh [--timeout SECS] [--] CMD ARGS...

Runs CMD inside a qemu VM (Debian kernel, mac80211_hwsim available) whose root
filesystem is the host's / (read-only 9p + tmpfs overlay). cwd is preserved.
Exit status is CMD's; 124 = timeout, 125 = VM failure.

Environment:
  VM_ENV="A B"            extra variable names to pass into the VM
                          (PATH HOME CI BUN_NETLINK_* are always passed)
  VM_VERBOSE=1            kernel console + harness progress on stderr
  VM_TIMEOUT=SECS         default for --timeout (300; 0 = none)
  VM_MEM=MB               guest memory (1024)
  VM_SMP=N                guest vCPUs (1)
  VM_ACCEL=tcg|kvm        accelerator (tcg; kvm only where nested KVM works)
  VM_TIMING=1             print boot/run timings on stderr
  VM_LOG=PATH             keep the kernel console log at PATH
  VM_KERNEL_ARGS="..."    extra kernel command line arguments
  VM_QEMU_ARGS="..."      extra qemu arguments (word-split)
  VM_KERNEL_REFRESH=1     re-resolve linux-image-amd64 (else the cached one is used)
  BUN_NETLINK_VM_CACHE    cache dir (/var/cache/bun-netlink-vm)
EOF
}

say() { if [[ "${VM_VERBOSE:-0}" == 1 ]]; then echo "$PROG: $*" >&2; fi; }
note() { echo "$PROG: $*" >&2; }
die() { echo "$PROG: error: $*" >&2; exit 125; }

# ---------------------------------------------------------------- arguments
TIMEOUT="${VM_TIMEOUT:-300}"
while (($#)); do
  case "$1" in
    --timeout) [[ $# -ge 2 ]] || die "--timeout needs a value"; TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) break ;;
  esac
done
(($#)) || { usage >&2; die "no command given"; }
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "--timeout must be a number of seconds"
[[ $EUID -eq 0 ]] || die "must run as root (installs packages, builds /dev nodes)"

CACHE="${BUN_NETLINK_VM_CACHE:-/var/cache/bun-netlink-vm}"
MEM="${VM_MEM:-1024}"
SMP="${VM_SMP:-1}"
T_START=$(date +%s.%N)

# ------------------------------------------------------------ host packages
APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED == 0 ]]; then
    say "apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
}

ensure_host_packages() {
  local pkgs=(qemu-system-x86 iw hostapd wpasupplicant wireless-regdb kmod cpio xz-utils)
  local missing=() p
  for p in "${pkgs[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
  done
  if ((${#missing[@]})); then
    note "installing host packages: ${missing[*]}"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >&2 \
      || die "apt-get install ${missing[*]} failed"
  fi
}

# --------------------------------------------------- kernel, busybox, initrd
# apt-get download a package into the cache; echoes the .deb path.
apt_download() {
  local pkg="$1" dir="$2" deb
  mkdir -p "$dir"
  # apt downloads as the _apt user: let it write there (else it warns)
  if id _apt >/dev/null 2>&1; then chown _apt "$dir" 2>/dev/null || true; fi
  (cd "$dir" && apt-get download -q "$pkg" >&2) || {
    apt_update_once
    (cd "$dir" && apt-get download -q "$pkg" >&2) || die "apt-get download $pkg failed"
  }
  # shellcheck disable=SC2012
  deb=$(ls -t "$dir"/"${pkg}"_*.deb 2>/dev/null | head -n1)
  [[ -n "$deb" ]] || die "apt-get download $pkg produced no .deb"
  echo "$deb"
}

resolve_kernel_pkg() {
  local dep
  dep=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}') || true
  if [[ -z "$dep" ]]; then
    apt_update_once
    dep=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}') || true
  fi
  [[ -n "$dep" ]] || die "cannot resolve linux-image-amd64 to a versioned kernel package"
  echo "$dep"
}

# True when $1 is a 64-bit ELF file that is not truncated (its section
# header table, which the linker puts last, is inside the file).
elf_complete() {
  local f="$1" size shoff shentsize shnum
  [[ -s "$f" ]] || return 1
  [[ "$(head -c 5 "$f" | od -An -tx1 | tr -d " \n")" == 7f454c4602 ]] || return 1
  size=$(stat -c %s "$f")
  shoff=$(od -An -t u8 -j 40 -N 8 "$f" | tr -d " ")
  shentsize=$(od -An -t u2 -j 58 -N 2 "$f" | tr -d " ")
  shnum=$(od -An -t u2 -j 60 -N 2 "$f" | tr -d " ")
  ((size >= shoff + shentsize * shnum))
}

# Decompress the vmlinux ELF out of a bzImage (the approach of the kernel's
# scripts/extract-vmlinux): find each compression magic, decompress from there,
# keep the first result that is an ELF file.
extract_vmlinux() {
  local img="$1" out="$2" tmp="$2.tmp" magic cmd off
  # (bash strings cannot hold NUL, so xz's magic is matched without its final 00)
  local -a magics=($'\xfd7zXZ' $'\x28\xb5\x2f\xfd' $'\x1f\x8b\x08' $'\x02\x21\x4c\x18' BZh)
  local -a cmds=("xz -dc" "zstd -dcq" "gzip -dc" "lz4 -dc" "bzip2 -dc")
  local i
  for i in "${!magics[@]}"; do
    magic="${magics[$i]}"; cmd="${cmds[$i]}"
    command -v "${cmd%% *}" >/dev/null 2>&1 || continue
    # byte offsets of the magic (grep -b on binary data, C locale)
    while IFS=: read -r off _; do
      [[ -n "$off" ]] || continue
      tail -c +"$((off + 1))" "$img" | $cmd >"$tmp" 2>/dev/null || true
      if elf_complete "$tmp"; then
        mv -f "$tmp" "$out"
        return 0
      fi
    done < <(LC_ALL=C grep -aboF -- "$magic" "$img" 2>/dev/null | head -n 8)
  done
  rm -f "$tmp"
  return 1
}

INIT_SCRIPT=$(cat <<'INIT_EOF'
#!/bin/sh
# /init of the bun-netlink test VM (generated by test/vm/vm.sh)
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/console 2>&1
grep -q vmdebug /proc/cmdline && set -x
fail() {
  echo "vm-init: FAILED: $*"
  sync; reboot -f; sleep 5
}
tick() { read up _ </proc/uptime; echo "vm-init: [$up] $*"; }
tick start
for m in $(cat /modules/order); do insmod "/modules/$m" || fail "insmod $m"; done
tick modules loaded
P9="trans=virtio,version=9p2000.L,msize=512000"
mkdir -p /lower /rw
mount -t 9p -o "$P9,cache=loose,ro" hostroot /lower || fail "mount hostroot"
mount -t tmpfs -o mode=0755 rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || fail "mount overlay"
N=/newroot
mount -t proc proc $N/proc
mount -t sysfs sysfs $N/sys
mount -t devtmpfs devtmpfs $N/dev
mkdir -p $N/dev/pts $N/dev/shm $N/dev/mqueue
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $N/dev/pts
mount -t tmpfs -o mode=1777 shm $N/dev/shm
ln -sfn /proc/self/fd $N/dev/fd
ln -sfn /proc/self/fd/0 $N/dev/stdin
ln -sfn /proc/self/fd/1 $N/dev/stdout
ln -sfn /proc/self/fd/2 $N/dev/stderr
# /tmp: a fresh tmpfs, unless vm.sh was called from under the host's /tmp
# (vm.hosttmp): then the overlay view of the host's /tmp is kept (still
# writable, changes stay in the VM) so that the cwd exists
grep -q vm.hosttmp /proc/cmdline || mount -t tmpfs -o mode=1777 tmp $N/tmp
mount -t tmpfs -o mode=0755 run $N/run
mount -t debugfs debugfs $N/sys/kernel/debug 2>/dev/null
mkdir -p $N/run/vm $N/lib/modules
mount -t 9p -o "$P9,cache=none" xfer $N/run/vm || fail "mount xfer"
mount -t 9p -o "$P9,cache=loose,ro" modules $N/lib/modules || fail "mount modules"
hostname bun-netlink-vm
ip link set lo up
# the command's stdout/stderr are virtio serial ports named vm.stdout/vm.stderr
out=; err=
i=0
while [ $i -lt 200 ]; do
  for f in /sys/class/virtio-ports/*/name; do
    [ -r "$f" ] || continue
    d=${f%/name}; d=/dev/${d##*/}
    case "$(cat "$f")" in vm.stdout) out=$d ;; vm.stderr) err=$d ;; esac
  done
  [ -n "$out" ] && [ -n "$err" ] && [ -e "$out" ] && [ -e "$err" ] && break
  i=$((i + 1)); usleep 10000
done
[ -n "$out" ] && [ -n "$err" ] || fail "virtio ports vm.stdout/vm.stderr not found"
# Switch root in PID 1 itself (not a chroot in a child): PID 1 shares its
# fs_struct with the kernel, whose firmware loader (regulatory.db for
# cfg80211) resolves paths from that root. busybox stays available for
# stage 2 in a tmpfs.
mkdir -p $N/run/.vm-init
cp /bin/busybox /stage2 $N/run/.vm-init/
exec switch_root $N /run/.vm-init/busybox sh /run/.vm-init/stage2 "$out" "$err"
fail "switch_root failed"
INIT_EOF
)

STAGE2_SCRIPT=$(cat <<'STAGE2_EOF'
# stage 2 of the VM init: PID 1, already in the overlay root; $1/$2 are the
# virtio ports for the command's stdout/stderr
bb=/run/.vm-init/busybox
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
grep -q vmdebug /proc/cmdline 2>/dev/null && set -x
read up _ </proc/uptime; echo "vm-init: [$up] userspace ready"
$bb env -i /bin/bash /run/vm/run.sh </dev/null >"$1" 2>"$2"
rc=$?
read up _ </proc/uptime; echo "vm-init: [$up] command exited with $rc"
echo "$rc" >/run/vm/rc.tmp && $bb mv /run/vm/rc.tmp /run/vm/rc
$bb sync
$bb reboot -f
$bb sleep 10
STAGE2_EOF
)

# the modules the initramfs needs (virtio PCI transport, 9p, overlay, virtio
# serial ports); their dependencies are added by modprobe --show-depends.
INITRD_MODULES=(virtio_pci 9pnet_virtio 9p overlay virtio_console)

prepare_kernel() {
  mkdir -p "$CACHE"
  local kpkg kdir kver bbdir
  if [[ "${VM_KERNEL_REFRESH:-0}" != 1 && -s "$CACHE/kernel-package" ]]; then
    kpkg=$(cat "$CACHE/kernel-package")
  else
    kpkg=$(resolve_kernel_pkg)
  fi
  kver=${kpkg#linux-image-}
  kdir="$CACHE/$kpkg"
  if [[ ! -e "$kdir/.done" ]]; then
    note "fetching $kpkg (first run; cached in $CACHE)"
    rm -rf "$kdir" "$kdir.tmp"
    local deb
    deb=$(apt_download "$kpkg" "$CACHE/debs")
    mkdir -p "$kdir.tmp"
    dpkg-deb -x "$deb" "$kdir.tmp/root" || die "dpkg-deb -x $deb failed"
    [[ -d "$kdir.tmp/root/lib/modules/$kver" ]] || die "no modules for $kver in $deb"
    depmod -b "$kdir.tmp/root" "$kver" || die "depmod failed"
    rm -f "$deb"
    mv "$kdir.tmp" "$kdir"
    touch "$kdir/.done"
  fi
  echo "$kpkg" >"$CACHE/kernel-package"
  MODDIR="$kdir/root/lib/modules"
  BZIMAGE="$kdir/root/boot/vmlinuz-$kver"
  [[ -r "$BZIMAGE" ]] || die "missing $BZIMAGE"

  # uncompressed vmlinux for PVH boot (much faster than bzImage under TCG)
  KERNEL="$BZIMAGE"
  if grep -q '^CONFIG_PVH=y' "$kdir/root/boot/config-$kver" 2>/dev/null; then
    if [[ ! -s "$kdir/vmlinux" && ! -e "$kdir/vmlinux.failed" ]]; then
      say "extracting vmlinux from $BZIMAGE"
      extract_vmlinux "$BZIMAGE" "$kdir/vmlinux" || {
        note "could not extract vmlinux; booting the bzImage (slower)"
        touch "$kdir/vmlinux.failed"
      }
    fi
    [[ -s "$kdir/vmlinux" ]] && KERNEL="$kdir/vmlinux"
  fi

  # static busybox for the initramfs (downloaded, not installed: the
  # busybox-static package would replace the host's busybox)
  bbdir="$CACHE/busybox-static"
  if [[ ! -x "$bbdir/bin/busybox" ]]; then
    say "fetching busybox-static"
    local bdeb
    bdeb=$(apt_download busybox-static "$CACHE/debs")
    rm -rf "$bbdir"
    dpkg-deb -x "$bdeb" "$bbdir.tmp" || die "dpkg-deb -x $bdeb failed"
    rm -f "$bdeb"
    mv "$bbdir.tmp" "$bbdir"
  fi
  BUSYBOX="$bbdir/bin/busybox"

  # initramfs, keyed by init script + module list + kernel + busybox
  local key
  key=$( { echo "$INIT_SCRIPT"; echo "$STAGE2_SCRIPT"; echo "${INITRD_MODULES[*]}"; echo "$kpkg"; sha256sum <"$BUSYBOX"; } | sha256sum | cut -c1-16)
  INITRD="$kdir/initramfs-$key.cpio"
  if [[ ! -s "$INITRD" ]]; then
    say "building $INITRD"
    local ir; ir=$(mktemp -d "$CACHE/initramfs.XXXXXX")
    mkdir -p "$ir"/{bin,dev,proc,sys,lower,rw,newroot,modules}
    cp "$BUSYBOX" "$ir/bin/busybox"
    local a
    for a in $("$BUSYBOX" --list); do
      [[ "$a" == busybox ]] || ln -s busybox "$ir/bin/$a"
    done
    mknod -m 600 "$ir/dev/console" c 5 1
    mknod -m 666 "$ir/dev/null" c 1 3
    printf '%s\n' "$INIT_SCRIPT" >"$ir/init"
    printf '%s\n' "$STAGE2_SCRIPT" >"$ir/stage2"
    chmod 755 "$ir/init"
    local m line seen=" " order=()
    for m in "${INITRD_MODULES[@]}"; do
      while read -r line; do
        [[ "$line" == insmod\ * ]] || continue
        line=${line#insmod }; line=${line%% *}
        [[ "$seen" == *" $line "* ]] && continue
        seen+="$line "
        cp "$line" "$ir/modules/"
        order+=("$(basename "$line")")
      done < <(modprobe -d "$kdir/root" -S "$kver" --show-depends "$m") || die "modprobe --show-depends $m"
    done
    printf '%s\n' "${order[@]}" >"$ir/modules/order"
    (cd "$ir" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) >"$INITRD.tmp" \
      || { rm -rf "$ir"; die "cpio failed"; }
    rm -rf "$ir"
    mv "$INITRD.tmp" "$INITRD"
    # drop initramfs images of older init scripts (not ones a concurrent run may be using)
    find "$kdir" -maxdepth 1 -name "initramfs-*.cpio" ! -path "$INITRD" -mmin +60 -delete
  fi
}

# one setup at a time (concurrent first runs would race on apt and the cache)
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
ensure_host_packages
prepare_kernel
flock -u 9
exec 9>&-
T_READY=$(date +%s.%N)

# ------------------------------------------------------------- per-run setup
RUNDIR=$(mktemp -d "${TMPDIR:-/tmp}/bun-netlink-vm.XXXXXX")
QPID=""
CAT_PIDS=()
# A reader still blocked in open() of its FIFO (qemu died before opening it)
# is released by a brief read-write open, which never blocks on Linux.
release_fifos() {
  local f fd
  for f in "$RUNDIR"/stdout "$RUNDIR"/stderr "$RUNDIR"/console; do
    if [[ -p "$f" ]]; then exec {fd}<>"$f"; exec {fd}>&-; fi
  done
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$QPID" ]] && kill -0 "$QPID" 2>/dev/null; then
    kill -TERM "$QPID" 2>/dev/null || true
    wait "$QPID" 2>/dev/null || true
  fi
  release_fifos
  local p
  for p in "${CAT_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n "${CONSOLE_LOG:-}" && -e "$CONSOLE_LOG.qemu" ]]; then
    cat "$CONSOLE_LOG.qemu" >>"$CONSOLE_LOG" 2>/dev/null || true
    rm -f "$CONSOLE_LOG.qemu"
  fi
  rm -rf "$RUNDIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'note "interrupted; kernel console log: ${CONSOLE_LOG:-none}"; exit 130' INT
trap 'note "terminated; kernel console log: ${CONSOLE_LOG:-none}"; exit 143' TERM

XFER="$RUNDIR/xfer"
mkdir -p "$XFER"

# environment for the command
{
  echo '#!/bin/bash'
  echo '# generated by test/vm/vm.sh'
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root'
  names=(PATH HOME CI)
  for n in $(compgen -e); do
    [[ "$n" == BUN_NETLINK_* ]] && names+=("$n")
  done
  # shellcheck disable=SC2206
  names+=(${VM_ENV:-})
  for n in "${names[@]}"; do
    [[ "$n" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "VM_ENV: bad variable name '$n'"
    if [[ -n "${!n+x}" ]]; then printf 'export %s=%q\n' "$n" "${!n}"; fi
  done
  echo 'export BUN_NETLINK_IN_VM=1'
  printf 'cd -- %q || exit 125\n' "$PWD"
  echo ': >/run/vm/started 2>/dev/null'
  printf 'exec'
  printf ' %q' "$@"
  echo
} >"$XFER/run.sh"

CONSOLE_LOG="${VM_LOG:-$CACHE/logs/console-$$.log}"
mkdir -p "$(dirname "$CONSOLE_LOG")"
# logs of failed runs are kept for a while
find "$CACHE/logs" -maxdepth 1 -name "console-*" -mtime +3 -delete 2>/dev/null || true
: >"$CONSOLE_LOG"
mkfifo "$RUNDIR/stdout" "$RUNDIR/stderr"
# Readers of the command's output. If our stdout/stderr goes away (e.g.
# `vm.sh ... | head`), keep draining: a FIFO without a reader would make qemu
# fail its writes and the guest block on the port forever.
( cat || true; exec cat >/dev/null ) <"$RUNDIR/stdout" & CAT_PIDS+=($!)
( cat >&2 || true; exec cat >/dev/null ) <"$RUNDIR/stderr" & CAT_PIDS+=($!)
if [[ "${VM_VERBOSE:-0}" == 1 ]]; then
  mkfifo "$RUNDIR/console"
  tee -p "$CONSOLE_LOG" <"$RUNDIR/console" >&2 & CAT_PIDS+=($!)
  CONSOLE_PATH="$RUNDIR/console"
  QUIET=""
else
  CONSOLE_PATH="$CONSOLE_LOG"
  QUIET="quiet"
fi

case "${VM_ACCEL:-tcg}" in
  tcg) ACCEL=(-accel tcg,thread=multi -cpu max) ;;
  kvm) ACCEL=(-accel kvm -cpu host) ;;
  *) die "VM_ACCEL must be tcg or kvm" ;;
esac

APPEND="console=ttyS0 panic=-1 no_timer_check $QUIET mitigations=off"
[[ -n "${VM_KERNEL_ARGS:-}" ]] && APPEND+=" $VM_KERNEL_ARGS"
[[ "${VM_VERBOSE:-0}" == 1 ]] && APPEND+=" vmdebug"
case "$PWD/" in /tmp/*) APPEND+=" vm.hosttmp" ;; esac

QEMU=(
  qemu-system-x86_64 -nodefaults -machine q35 "${ACCEL[@]}"
  -smp "$SMP" -m "$MEM" -nic none -display none -no-reboot -no-user-config
  -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND"
  -chardev "file,id=con,path=$CONSOLE_PATH" -serial chardev:con
  -device virtio-serial-pci,id=vser
  -chardev "file,id=out,path=$RUNDIR/stdout" -device virtserialport,bus=vser.0,chardev=out,name=vm.stdout
  -chardev "file,id=err,path=$RUNDIR/stderr" -device virtserialport,bus=vser.0,chardev=err,name=vm.stderr
  -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
  -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
  -fsdev "local,id=modules,path=$MODDIR,security_model=none,readonly=on"
  -device virtio-9p-pci,fsdev=modules,mount_tag=modules
  -fsdev "local,id=xfer,path=$XFER,security_model=none"
  -device virtio-9p-pci,fsdev=xfer,mount_tag=xfer
)
# shellcheck disable=SC2206
[[ -n "${VM_QEMU_ARGS:-}" ]] && QEMU+=(${VM_QEMU_ARGS})
say "${QEMU[*]}"

T_QEMU=$(date +%s.%N)
# timeout(1) makes its own process group, so ^C reaches only us; the traps
# then stop it (and with it qemu).
timeout -k 5 "$TIMEOUT" "${QEMU[@]}" </dev/null >>"$CONSOLE_LOG.qemu" 2>&1 &
QPID=$!
set +e
wait "$QPID"
QRC=$?
set -e
QPID=""
T_END=$(date +%s.%N)
# qemu has closed the chardevs: let the readers drain
release_fifos
for p in "${CAT_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
CAT_PIDS=()

if [[ -s "$CONSOLE_LOG.qemu" ]]; then
  cat "$CONSOLE_LOG.qemu" >>"$CONSOLE_LOG"
fi
rm -f "$CONSOLE_LOG.qemu"

if [[ "${VM_TIMING:-0}" == 1 ]]; then
  T_CMD=""
  # mtime of a file the command's wrapper writes first: host clock, via 9p
  [[ -e "$XFER/started" ]] && T_CMD=$(stat -c '%.9Y' "$XFER/started")
  awk -v p="$PROG" -v s="$T_START" -v r="$T_READY" -v q="$T_QEMU" -v c="$T_CMD" -v e="$T_END" 'BEGIN {
    printf "%s: timing: host setup %.1fs", p, r - s
    if (c != "") printf ", boot to command %.1fs, command %.1fs", c - q, e - c
    printf ", qemu %.1fs, total %.1fs\n", e - q, e - s
  }' >&2
fi

if [[ $QRC -eq 124 || $QRC -eq 137 ]]; then
  note "timed out after ${TIMEOUT}s; kernel console log: $CONSOLE_LOG"
  exit 124
fi
if [[ ! -s "$XFER/rc" ]]; then
  note "VM failed (qemu exit $QRC, no exit status from the command); kernel console log: $CONSOLE_LOG"
  tail -n 20 "$CONSOLE_LOG" | sed "s/^/$PROG: console: /" >&2
  exit 125
fi
RC=$(cat "$XFER/rc")
[[ "$RC" =~ ^[0-9]+$ ]] || { note "bad exit status '$RC'; kernel console log: $CONSOLE_LOG"; exit 125; }
if [[ -z "${VM_LOG:-}" ]]; then rm -f "$CONSOLE_LOG"; fi
exit "$RC"
