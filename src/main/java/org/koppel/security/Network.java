package org.koppel.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block in CIDR notation (RFC 4632, RFC 4291 §2.3); a bare address is a block of one. */
record Network(byte[] base, int prefix) {

    static boolean looksLikeAddress(String entry) {
        return entry.indexOf(':') >= 0 || entry.matches("[0-9./]+");
    }

    /** Literal addresses only: a name here would be resolved once and go stale. */
    static Network parse(String cidr, String setting) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address, cidr, setting);
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + ": '" + cidr + "' has no valid prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException(setting + ": '" + cidr + "' has a prefix length beyond "
                    + bytes.length * 8);
        }
        return new Network(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] other = address.getAddress();
        if (other.length != base.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (other[i] != base[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (other[full] & mask) == (base[full] & mask);
    }

    private static byte[] literal(String address, String cidr, String setting) {
        // InetAddress parses literals without DNS only when they look like literals; check first.
        if (!address.matches("[0-9.]+") && !address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException(setting + ": '" + cidr + "' is not an IP address or network");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(setting + ": '" + cidr + "' is not an IP address or network");
        }
    }
}
