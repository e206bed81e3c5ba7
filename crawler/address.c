/* address.c - which addresses the crawler may connect to.
 *
 * A public job board must not be able to point the crawler at the
 * operator's own network (SSRF): links, redirects and DNS answers are all
 * attacker-controlled, so the check runs on the address actually about to
 * be connected (curl's open-socket callback), never on the name. */
#include "crawler/internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef struct {
    uint32_t net;
    int bits;
} v4_range;

/* Not public unicast: "this" network, private (RFC 1918), shared address
 * space (CGNAT), loopback, link-local, IETF protocol assignments, benchmark,
 * multicast, reserved and broadcast. */
static const v4_range v4_blocked[] = {
    {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},
    {0xA9FE0000, 16}, {0xAC100000, 12}, {0xC0000000, 24}, {0xC0A80000, 16},
    {0xC6120000, 15}, {0xE0000000, 4},  {0xF0000000, 4},
};

static bool v4_is_private(uint32_t a)
{
    for (size_t i = 0; i < sizeof(v4_blocked) / sizeof(v4_blocked[0]); i++) {
        uint32_t mask = 0xFFFFFFFFu << (32 - v4_blocked[i].bits);
        if ((a & mask) == v4_blocked[i].net)
            return true;
    }
    return false;
}

static bool v6_is_private(const unsigned char *b)
{
    static const unsigned char zero[16] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static const unsigned char nat64[12] = {0, 0x64, 0xFF, 0x9B};
    if (!memcmp(b, zero, 15)) /* :: and ::1 */
        return true;
    if (!memcmp(b, mapped, 12) || !memcmp(b, nat64, 12)) /* an IPv4 address inside */
        return v4_is_private((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16
                             | (uint32_t)b[14] << 8 | b[15]);
    return (b[0] & 0xFE) == 0xFC                    /* unique local fc00::/7 */
           || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) /* link-local fe80::/10 */
           || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) /* site-local fec0::/10 */
           || b[0] == 0xFF;                           /* multicast */
}

bool crawler_address_private(const struct sockaddr *sa, size_t len)
{
    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return v4_is_private(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
        return v6_is_private(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
    return true; /* anything else (Unix sockets ...) is never a web host */
}
