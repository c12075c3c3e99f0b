/*
 * hostile - write the hostile captures behind the golden tests.
 *
 * usage: hostile OUTDIR
 *
 * Every file is small and deterministic.  Packets are built valid with
 * libnet (LIBNET_NONE: construction only, so no privileges needed) and then
 * corrupted on purpose, one fault per record where possible, so that a
 * decoder failure points at one rule.  Link headers that libnet cannot
 * build (Linux cooked, BSD loopback, PPP, a second VLAN tag) are written as
 * raw bytes in front of a libnet-built IP packet.
 *
 * libnet 1.1.6 facts this file works around (see the functions named):
 *   - libnet_build_ipv6_frag() stores the offset/flags and the id without
 *     byte swapping: frag6_hdr() passes them pre-swapped.
 *   - with any extension header pblock between IPv6 and ICMPv6, coalesce
 *     writes the ICMPv6 checksum into the extension header and leaves the
 *     ICMPv6 one zero: icmp6_msg() builds the message over a plain IPv6
 *     header (with the final destination) and the chain carries its bytes.
 *   - ICMPv4 needs an IPv4 pblock under it or coalesce refuses to checksum.
 *
 * Running it prints, per file, every record; the table below is that
 * output.  Regenerate it from the output when a record changes.
 *
 * Record table (the program prints the same; columns: record number,
 * caplen/len, what the record tests):
 *
 * hostile-truncated.pcap (Ethernet; caplen < len: the rest of each packet is
 *   not in the file)
 *   #1   0/98       caplen 0: empty record of a 98-byte echo request
 *   #2   6/98       inside the Ethernet destination MAC
 *   #3   13/98      Ethernet header one byte short
 *   #4   14/98      Ethernet header only, no IP byte
 *   #5   15/98      one IPv4 byte (version/IHL)
 *   #6   24/98      IPv4 header cut at 10 bytes
 *   #7   33/98      IPv4 header one byte short
 *   #8   34/98      IPv4 header complete, no ICMP byte
 *   #9   35/98      ICMP type only
 *   #10  38/98      ICMP type/code/checksum, no echo id
 *   #11  40/98      echo id, no sequence
 *   #12  41/98      echo sequence cut in half
 *   #13  42/98      echo header complete, no payload
 *   #14  60/98      echo payload cut after 18 bytes
 *   #15  97/98      echo one byte short of the full packet
 *   #16  45/102     port unreachable: inside the quoted IPv4 header
 *   #17  61/102     port unreachable: quoted IPv4 header one byte short
 *   #18  62/102     port unreachable: quoted IPv4 header complete, no
 *                   quoted UDP
 *   #19  66/102     port unreachable: quoted UDP header cut after the
 *                   ports
 *   #20  74/102     port unreachable: quoted UDP header complete, payload
 *                   cut
 *   #21  15/102     802.1Q: inside the tag (TCI half)
 *   #22  16/102     802.1Q: TCI complete, inner ethertype missing
 *   #23  30/102     802.1Q: inside the IPv4 header behind the tag
 *   #24  30/142     IPv6 (HBH + DstOpts + echo): inside the IPv6 header
 *   #25  54/142     IPv6 header complete, no extension header byte
 *   #26  55/142     hop-by-hop header: next-header byte only
 *   #27  58/142     hop-by-hop header cut at 4 of 8 bytes
 *   #28  66/142     destination options header cut at 4 of 16 bytes
 *   #29  77/142     destination options header one byte short
 *   #30  78/142     extension headers complete, no ICMPv6 byte
 *   #31  80/142     ICMPv6 type/code only
 *   #32  77/86      NS: target address cut (15 of 16 bytes)
 *   #33  78/86      NS complete, no option byte
 *   #34  79/86      NS: option type only
 *   #35  80/86      NS: option type and length, no link-layer address
 *   #36  83/86      NS: source link-layer address cut at 3 of 6 bytes
 *   #37  72/142     ICMPv6 port unreachable: inside the quoted IPv6 header
 *   #38  106/142    ICMPv6 port unreachable: quoted UDP header cut after
 *                   the ports
 *   #39  60/262     ICMPv6 packet too big: MTU cut in half
 *   #40  44/54      ICMP timestamp request: cut inside the originate
 *                   timestamp
 *
 * hostile-badsum.pcap (Ethernet; "good" marks records whose ICMP or
 *   ICMPv6 checksum verifies)
 *   #1   98/98      echo request, checksum off by one
 *   #2   98/98      echo reply, checksum 0x0000 where another is right
 *   #3   98/98      echo request whose right checksum is 0x0000: good
 *   #4   98/98      same with 0xffff in the field (one's-complement -0):
 *                   good
 *   #5   42/42      echo request, 0-byte payload: good
 *   #6   43/43      echo request, 1-byte payload (odd length 9): good
 *   #7   45/45      echo request, 3-byte payload (odd length 11): good
 *   #8   99/99      echo request, 57-byte payload (odd length 65): good
 *   #9   1515/1515  echo request, 1473-byte payload (odd length 1481):
 *                   good
 *   #10  60/60      echo reply, 1-byte payload + 17 bytes of 0xff padding:
 *                   good only if the padding is left out
 *   #11  97/97      echo request, 55-byte payload (odd), wrong checksum
 *   #12  98/98      echo request: IPv4 header checksum wrong, ICMP
 *                   checksum right
 *   #13  102/102    port unreachable: ICMP checksum wrong, quoted datagram
 *                   intact
 *   #14  102/102    port unreachable: ICMP checksum right, quoted IPv4
 *                   header checksum wrong: the ICMP message is good
 *   #15  54/54      timestamp request, checksum wrong
 *   #16  118/118    ICMPv6 echo request, checksum with one bit flipped
 *   #17  118/118    ICMPv6 echo reply, checksum 0x0000 (never "no
 *                   checksum" in v6)
 *   #18  63/63      ICMPv6 echo request, 1-byte payload (odd length 9):
 *                   good
 *   #19  119/119    ICMPv6 echo request, 57-byte payload (odd length 65):
 *                   good
 *   #20  86/86      ICMPv6 NS (SLLA), checksum wrong
 *   #21  86/86      ICMPv6 NA (TLLA), checksum computed without the IPv6
 *                   pseudo-header: wrong
 *   #22  142/142    ICMPv6 port unreachable, checksum wrong
 *   #23  1293/1293  ICMPv6 packet too big quoting an odd 1231 bytes: good
 *
 * hostile-lengths.pcap (Ethernet)
 *   #1   98/98      IPv4 IHL 4 (16 bytes, < 5)
 *   #2   98/98      IPv4 IHL 0
 *   #3   42/42      IPv4 IHL 15 (60 bytes) in a 28-byte packet
 *   #4   138/138    valid: IHL 15 with a Record Route option, echo after
 *                   60 bytes
 *   #5   98/98      IPv4 total length 1500, packet is 84 bytes
 *   #6   60/98      total length 84, record cut at 60 of 98 (snaplen)
 *   #7   98/98      IPv4 total length 12, smaller than the header
 *   #8   98/98      IPv4 total length 20: header only, ICMP bytes beyond
 *                   it
 *   #9   98/98      IPv4 total length 24: ICMP header incomplete by IP's
 *                   account
 *   #10  60/60      echo request, 0-byte payload, padded to 60 with 0xa5:
 *                   ICMP length must be clamped to 8
 *   #11  60/60      echo reply, 1-byte payload, padded to 60 with 0x00
 *   #12  118/118    IPv6 payload length 1000, 64 bytes present
 *   #13  118/118    IPv6 payload length 16 (right checksum) + 48 trailing
 *                   bytes
 *   #14  118/118    IPv6 payload length 0 (no jumbo option), echo behind
 *                   it
 *   #15  86/86      NS with an option of length 0 (discard, no loop)
 *   #16  86/86      NS with an SLLA option of length 4 (32 bytes), 8
 *                   present
 *   #17  94/94      NS with a nonce option then an unknown option 200:
 *                   good
 *   #18  102/102    port unreachable quoting an IPv4 header with IHL 2
 *   #19  70/70      port unreachable quoting an IPv4 header with IHL 15,
 *                   28 bytes
 *   #20  70/70      port unreachable quoting 28 bytes of a 1500-byte
 *                   datagram (normal)
 *   #21  1514/1514  IPv4 fragment, offset 0 + MF: first 1480 bytes of a
 *                   2008-byte echo
 *   #22  562/562    IPv4 fragment, offset 1480, last: starts 08 00 but is
 *                   payload
 *   #23  1510/1510  IPv6 fragment header, offset 0 + M: first 1448 bytes
 *                   of a 2008-byte ICMPv6 echo
 *   #24  622/622    IPv6 fragment header, offset 1448, last (starts 80 00)
 *   #25  126/126    IPv6 atomic fragment holding a whole ICMPv6 echo (RFC
 *                   6946)
 *   #26  150/150    hop-by-hop + routing type 0 (segments left 1) + ICMPv6
 *                   echo: checksum over the final destination
 *   #27  150/150    hop-by-hop + routing type 2 (segments left 1, home
 *                   address) + ICMPv6 echo: checksum over the home address
 *   #28  142/142    routing type 0, segments left 0: checksum over the
 *                   IPv6 destination (tshark agrees; tcpdump 4.99 sums the
 *                   routing address and says bad)
 *   #29  118/118    IPv6 next header ESP (50): not ICMP
 *   #30  98/98      IPv4 protocol ESP (50): not ICMP
 *   #31  118/118    ICMPv4 echo (protocol 1) carried in IPv6
 *   #32  98/98      ICMPv6 echo (protocol 58) carried in IPv4, checksum
 *                   made for the IPv6 pseudo-header
 *   #33  98/98      Ethernet type IPv4, IP version nibble 6
 *   #34  118/118    Ethernet type IPv6, IP version nibble 4
 *   #35  214/214    12 chained destination options headers before an
 *                   ICMPv6 echo
 *   #36  70/70      IPv6 no next header (59) with 16 trailing bytes
 *   #37  110/110    ICMPv6 port unreachable whose quote ends inside the
 *                   quoted hop-by-hop header
 *   #38  70/70      time exceeded, RFC 4884 length 32 words but 28 bytes
 *                   quoted
 *   #39  182/182    time exceeded, RFC 4884 length 32 + extension with an
 *                   MPLS object of length 200 overrunning the message
 *   #40  438/438    40 chained destination options headers before an
 *                   ICMPv6 echo (more than any fixed walk limit)
 *   #41  430/430    ICMPv6 time exceeded quoting IPv6 + 40 destination
 *                   options headers + UDP: the quote's ports are found
 *   #42  106/106    ICMPv6 port unreachable whose quote ends inside its
 *                   second extension header (hop-by-hop, then destination
 *                   options): the last next header read is 60
 *
 * hostile-linktypes/en10mb-vlan.pcap (DLT_EN10MB 1)
 *   #1   102/102    802.1Q vlan 100: v4 echo request
 *   #2   122/122    802.1Q vlan 100: v6 echo request
 *
 * hostile-linktypes/en10mb-qinq.pcap (DLT_EN10MB 1)
 *   #1   106/106    0x88a8 vlan 10, 0x8100 vlan 100: v4 echo request
 *   #2   126/126    0x88a8 vlan 10, 0x8100 vlan 100: v6 echo request
 *
 * hostile-linktypes/en10mb-3tags.pcap (DLT_EN10MB 1)
 *   #1   110/110    0x88a8 vlan 10, 0x8100 vlan 100, 0x8100 vlan 200: v4
 *                   echo request
 *   #2   130/130    0x88a8 vlan 10, 0x8100 vlan 100, 0x8100 vlan 200: v6
 *                   echo request
 *
 * hostile-linktypes/linux-sll.pcap (DLT_LINUX_SLL 113)
 *   #1   100/100    outgoing (4), v4 echo request
 *   #2   120/120    to us (0), v6 echo request
 *
 * hostile-linktypes/linux-sll2.pcap (DLT_LINUX_SLL2 276)
 *   #1   104/104    outgoing (4), ifindex 2, v4 echo request
 *   #2   124/124    to us (0), ifindex 2, v6 echo request
 *
 * hostile-linktypes/raw-linktype101.pcap (LINKTYPE_RAW 101, what
 *   pcap_open_dead(DLT_RAW) writes)
 *   #1   84/84      v4 echo request
 *   #2   104/104    v6 echo request
 *
 * hostile-linktypes/raw-linktype12.pcap (link type 12 in the file header:
 *   see write_raw12())
 *   #1   84/84      v4 echo request, file link type 12
 *   #2   104/104    v6 echo request, file link type 12
 *
 * hostile-linktypes/ipv4-228.pcap (DLT_IPV4 228)
 *   #1   84/84      v4 echo request
 *
 * hostile-linktypes/ipv6-229.pcap (DLT_IPV6 229)
 *   #1   104/104    v6 echo request
 *
 * hostile-linktypes/null-host.pcap (DLT_NULL 0, address family in host
 *   (little-endian) order)
 *   #1   88/88      AF_INET 2, v4 echo request
 *   #2   108/108    AF_INET6 24 (NetBSD/OpenBSD), v6 echo request
 *   #3   108/108    AF_INET6 28 (FreeBSD), v6 echo request
 *   #4   108/108    AF_INET6 30 (macOS), v6 echo request
 *
 * hostile-linktypes/null-swapped.pcap (DLT_NULL 0, address family byte-
 *   swapped)
 *   #1   88/88      AF_INET 2, v4 echo request
 *   #2   108/108    AF_INET6 24 (NetBSD/OpenBSD), v6 echo request
 *   #3   108/108    AF_INET6 28 (FreeBSD), v6 echo request
 *   #4   108/108    AF_INET6 30 (macOS), v6 echo request
 *
 * hostile-linktypes/loop.pcap (DLT_LOOP 108, address family in network
 *   order)
 *   #1   88/88      AF_INET 2, v4 echo request
 *   #2   108/108    AF_INET6 24 (NetBSD/OpenBSD), v6 echo request
 *   #3   108/108    AF_INET6 28 (FreeBSD), v6 echo request
 *   #4   108/108    AF_INET6 30 (macOS), v6 echo request
 *
 * hostile-linktypes/ppp.pcap (DLT_PPP 9)
 *   #1   88/88      ff 03 00 21: v4 echo request
 *   #2   108/108    ff 03 00 57: v6 echo request
 *   #3   86/86      00 21 (no ff03): v4 echo request
 *   #4   106/106    00 57 (no ff03): v6 echo request
 *
 * hostile-linktypes/ipnet.pcap (DLT_IPNET 226, Solaris ipnet)
 *   #1   108/108    family 2, incoming, v4 echo request
 *   #2   128/128    family 26, outgoing, v6 echo request
 *
 * hostile-linktypes/ipoib.pcap (DLT_IPOIB 242, IP over InfiniBand)
 *   #1   128/128    ethertype 0x0800, v4 echo request
 *   #2   148/148    ethertype 0x86dd, v6 echo request
 *
 * hostile-cut.pcap (Ethernet; the file ends 49 bytes into the data of record
 *   #8, so a reader gets 7 records and then a "truncated dump file" error)
 *   #1   98/98      echo request seq 1
 *   #2   98/98      echo reply seq 1
 *   #3   98/98      echo request seq 2
 *   #4   98/98      echo reply seq 2
 *   #5   98/98      echo request seq 3
 *   #6   98/98      echo reply seq 3
 *   #7   98/98      echo request seq 4
 *   #8   98/98      echo reply seq 4 (file ends 49 bytes into its data)
 *   #9   98/98      echo request seq 5 (not in the file)
 *   #10  98/98      echo reply seq 5 (not in the file)
 *
 * tunnels.pcap (Ethernet; ICMP inside tunnels; delivery headers 192.0.2.10 ->
 *   192.0.2.20 or 2001:db8:ff::a -> ::b)
 *   #1   122/122    GRE (IPv4): echo request
 *   #2   122/122    GRE (IPv4): its echo reply
 *   #3   174/174    GRE in IPv6 with checksum, key 0x1234, seq 7: ICMPv6 echo
 *   #4   140/140    GRE transparent Ethernet bridging (NVGRE key): echo
 *   #5   136/136    ERSPAN type I (GRE 0x88be, no sequence): echo
 *   #6   152/152    ERSPAN type II, session 77, of a VLAN 300 frame: echo
 *   #7   180/180    ERSPAN type III with platform subheader, session 99:
 *                   ICMPv6 echo
 *   #8   138/138    ERSPAN type III, frame type IP (no Ethernet): echo
 *   #9   118/118    IPv4 in IPv4 (4in4): echo
 *   #10  138/138    IPv6 in IPv4 (6in4): ICMPv6 echo
 *   #11  138/138    IPv4 in IPv6 (4in6): echo
 *   #12  158/158    IPv6 in IPv6 (6in6): ICMPv6 echo
 *   #13  148/148    VXLAN (UDP 4789), VNI 4242: echo
 *   #14  192/192    VXLAN over IPv6 on Linux's port 8472, VNI 1, inner VLAN
 *                   300: ICMPv6 echo
 *   #15  156/156    Geneve (UDP 6081) with an option, Ethernet: echo
 *   #16  142/142    Geneve carrying IPv4 directly: echo
 *   #17  106/106    MPLS on Ethernet, two labels: echo
 *   #18  150/150    MPLS over UDP (6635): ICMPv6 echo
 *   #19  126/126    MPLS in GRE: echo
 *   #20  122/122    MPLS in IPv4 (protocol 137): echo
 *   #21  124/124    Ethernet pseudowire: MPLS, control word, Ethernet: echo
 *   #22  196/196    nested: IPv6, GRE, IPv4, UDP, VXLAN, Ethernet, IPv4: echo
 *   #23  236/236    VXLAN: time exceeded with an RFC 4950 MPLS label stack
 *
 * hostile-tunnels.pcap (Ethernet; tunnels cut, contradicting, too deep or
 *   not walked)
 *   #1   40/130     GRE header cut in its key (caplen)
 *   #2   56/130     GRE complete, inner IPv4 header cut at 10 bytes
 *   #3   47/148     VXLAN header cut at 5 bytes
 *   #4   59/148     VXLAN complete, inner Ethernet cut in its source MAC
 *   #5   20/110     MPLS stack cut before its bottom label
 *   #6   18/102     MPLS bottom of stack, nothing after it
 *   #7   122/122    GRE: inner IPv4 total length 1000 in an 84-byte payload
 *   #8   438/438    17 nested IPv4-in-IPv4 headers (deeper than the limit of
 *                   16)
 *   #9   398/398    15 nested IPv4-in-IPv4 headers (within the limit)
 *   #10  178/178    MPLS stack of 20 labels (deeper than the limit)
 *   #11  78/78      GRE in a first IPv4 fragment (MF): inner echo cut at 20
 *                   bytes
 *   #12  122/122    protocol GRE in a non-first fragment (offset 40): not
 *                   walked
 *   #13  126/126    GRE version 1 (PPTP): not walked
 *   #14  122/122    GRE with the routing bit: not walked
 *   #15  148/148    VXLAN without the I flag: not walked
 *   #16  142/142    Geneve version 1: not walked
 *   #17  142/142    Geneve options (252 bytes) beyond the packet
 *   #18  148/148    ERSPAN type II header with version 7: not walked
 *   #19  46/46      UDP to 4789 with 4 bytes of payload
 *   #20  154/154    VXLAN carrying an encrypted MACsec frame: opaque
 *
 * extensions.pcap (Ethernet; RFC 4884/4950/5837/8335, valid)
 *   #1   186/186    time exceeded, RFC 4884 length 32, MPLS label stack of 2
 *   #2   214/214    port unreachable: interface information, outgoing (index,
 *                   IPv4 address, name, MTU) and incoming (index)
 *   #3   194/194    frag needed (MTU 1400), length 33 words, MPLS object and
 *                   an unknown class 9 object
 *   #4   198/198    parameter problem (pointer 1), next-hop IPv6 address, no
 *                   extension checksum
 *   #5   186/186    time exceeded, length 0, MPLS extension at 128 (pre-RFC
 *                   4884 routers)
 *   #6   242/242    time exceeded, length 0, 200 bytes quoted: no extension
 *   #7   202/202    ICMPv6 time exceeded, RFC 4884 length 16 (x 8), MPLS
 *                   label
 *   #8   242/242    ICMPv6 address unreachable, length 17, incoming interface
 *                   with IPv6 address, name and MTU
 *   #9   54/54      extended echo request, local, by name eth0
 *   #10  42/42      extended echo reply: no error, reachable, active, IPv4
 *   #11  54/54      extended echo request, local, by index 2
 *   #12  66/66      extended echo request, remote, by IPv4 address, 8 bytes
 *                   of sender data after the object
 *   #13  42/42      extended echo reply: no such interface
 *   #14  90/90      ICMPv6 extended echo request, remote, by IPv6 address
 *   #15  62/62      ICMPv6 extended echo reply: failed, active, IPv6
 *
 * hostile-extensions.pcap (Ethernet; extension structures and objects that
 *   contradict themselves or are cut)
 *   #1   186/186    extension object of length 0 after a valid one
 *   #2   182/182    extension object of length 2 (below its header)
 *   #3   182/182    extension object of length 40 with 8 bytes left in the
 *                   structure
 *   #4   184/184    2 bytes after the last object: header beyond
 *   #5   184/206    capture ends inside an interface information object
 *   #6   182/182    extension structure version 1
 *   #7   182/182    extension checksum wrong (message checksum right)
 *   #8   182/182    interface name sub-object of length 0
 *   #9   182/182    interface name length 3 (not a multiple of 4)
 *   #10  246/246    interface name length 68 (above 64)
 *   #11  182/182    MTU flag set, object ends after the index
 *   #12  186/186    interface address of AFI 7
 *   #13  184/184    MPLS object of length 10 (not 4 + 4n)
 *   #14  134/134    RFC 4884 length 20 words (80 bytes, below 128) and more
 *                   after
 *   #15  118/118    ICMPv6 time exceeded, RFC 4884 length 128 bytes, 56
 *                   quoted
 *   #16  42/42      extended echo request without an extension
 *   #17  54/54      extended echo request, interface object of length 0
 *   #18  70/70      extended echo request by address, AFI 1 with length 16
 *   #19  54/54      extended echo request, interface C-Type 9
 *   #20  44/54      extended echo request cut in the extension header
 *   #21  182/182    length 0, version 2 header at 128 with a wrong checksum:
 *                   not taken for an extension
 *
 * icmp-types.pcap (Ethernet; lists and the less common types)
 *   #1   58/58      router advertisement, 2 entries (preference 10, not
 *                   default)
 *   #2   58/58      router advertisement: 3 entries, room for 2
 *   #3   58/58      router advertisement: entry size 1 word
 *   #4   114/114    MLDv2 query, S flag, QRV 2, QQIC 125, 2 sources
 *   #5   114/114    MLDv2 query: 9 sources, room for 2
 *   #6   138/138    MLDv2 report: change-to-include with 2 sources, mode-is-
 *                   include with auxiliary data
 *   #7   102/138    the same report cut in the first record's second source
 *   #8   138/138    MLDv2 report: a record claiming 7 sources
 *   #9   118/118    router advertisement: route information (/48 high, ::/0
 *                   low), PREF64, advertisement interval
 *   #10  86/86      node information query: node name of an IPv6 subject
 *   #11  90/90      node information reply: success, node addresses
 *   #12  70/70      router renumbering command, seq 42
 *   #13  62/62      home agent address discovery request
 *   #14  94/94      home agent address discovery reply, 2 agents
 *   #15  62/62      mobile prefix solicitation
 *   #16  94/94      mobile prefix advertisement (M flag) with a prefix option
 *   #17  62/62      RPL DODAG information solicitation
 *   #18  82/82      RPL DODAG information object
 *   #19  78/78      RPL destination advertisement object, DODAGID
 *   #20  62/62      RPL DAO acknowledgement, status 0
 *   #21  86/86      RPL secure DIO (named, not decoded)
 *   #22  70/70      RPL DAO with the D flag but 8 bytes of DODAGID: malformed
 *
 * payload-ts.pcap (Ethernet; timestamps at the start of echo payloads)
 *   #1   98/98      timeval, 64-bit little-endian (Linux ping), 250 us old
 *   #2   98/98      timeval, 32-bit little-endian, 250 us old
 *   #3   98/98      timeval, 32-bit big-endian, 1.5 ms old
 *   #4   98/98      timeval, 64-bit big-endian, 2 us old
 *   #5   98/98      timespec, 64-bit little-endian, 123457 ns old
 *   #6   98/98      timespec, 32-bit big-endian, 999 ns old
 *   #7   98/98      timeval 10 ms in the future (sender clock ahead)
 *   #8   98/98      timeval two days old: not a payload timestamp
 *   #9   98/98      pattern only: no timestamp
 *   #10  49/49      7-byte payload: too short for a timestamp
 *   #11  118/118    ICMPv6 echo reply, timeval 64-bit little-endian
 *
 * hostile-fragments.pcap (Ethernet; what read --reassemble puts together
 *   and gives up on: in order, out of order, a duplicate, an overlap, no
 *   last piece, impossible lengths, cut, too many pieces, IPv6, a timeout)
 *   #1    538/538  v4 id 0x101: bytes 0-504 +M
 *   #2    538/538  v4 id 0x101: bytes 504-1008 +M
 *   #3    434/434  v4 id 0x101: bytes 1008-1408, last
 *   #4    434/434  v4 id 0x102: bytes 1008-1408, last
 *   #5    538/538  v4 id 0x102: bytes 0-504 +M
 *   #6    538/538  v4 id 0x102: bytes 504-1008 +M
 *   #7    738/738  v4 id 0x103: bytes 0-704 +M
 *   #8    738/738  v4 id 0x103: bytes 0-704 +M
 *   #9    738/738  v4 id 0x103: bytes 704-1408, last
 *   #10   546/546  v4 id 0x104: bytes 0-512 +M
 *   #11   546/546  v4 id 0x104: bytes 256-768 +M
 *   #12   930/930  v4 id 0x104: bytes 512-1408, last
 *   #13   738/738  v4 id 0x105: bytes 0-704 +M
 *   #14   734/734  v4 id 0x106: bytes 0-700 +M
 *   #15   134/134  v4 id 0x107: bytes 65528-65628, last
 *   #16   100/738  v4 id 0x108: bytes 0-704 +M
 *   #17    42/42   v4 id 0x109: bytes 8-16 +M
 *   #18    42/42   v4 id 0x109: bytes 16-24 +M
 *   #19    42/42   v4 id 0x109: bytes 24-32 +M
 *   #20    42/42   v4 id 0x109: bytes 32-40 +M
 *   #21    42/42   v4 id 0x109: bytes 40-48 +M
 *   #22    42/42   v4 id 0x109: bytes 48-56 +M
 *   #23    42/42   v4 id 0x109: bytes 56-64 +M
 *   #24    42/42   v4 id 0x109: bytes 64-72 +M
 *   #25    42/42   v4 id 0x109: bytes 72-80 +M
 *   #26    42/42   v4 id 0x109: bytes 80-88 +M
 *   #27    42/42   v4 id 0x109: bytes 88-96 +M
 *   #28    42/42   v4 id 0x109: bytes 96-104 +M
 *   #29    42/42   v4 id 0x109: bytes 104-112 +M
 *   #30    42/42   v4 id 0x109: bytes 112-120 +M
 *   #31    42/42   v4 id 0x109: bytes 120-128 +M
 *   #32    42/42   v4 id 0x109: bytes 128-136 +M
 *   #33    42/42   v4 id 0x109: bytes 136-144 +M
 *   #34    42/42   v4 id 0x109: bytes 144-152 +M
 *   #35    42/42   v4 id 0x109: bytes 152-160 +M
 *   #36    42/42   v4 id 0x109: bytes 160-168 +M
 *   #37    42/42   v4 id 0x109: bytes 168-176 +M
 *   #38    42/42   v4 id 0x109: bytes 176-184 +M
 *   #39    42/42   v4 id 0x109: bytes 184-192 +M
 *   #40    42/42   v4 id 0x109: bytes 192-200 +M
 *   #41    42/42   v4 id 0x109: bytes 200-208 +M
 *   #42    42/42   v4 id 0x109: bytes 208-216 +M
 *   #43    42/42   v4 id 0x109: bytes 216-224 +M
 *   #44    42/42   v4 id 0x109: bytes 224-232 +M
 *   #45    42/42   v4 id 0x109: bytes 232-240 +M
 *   #46    42/42   v4 id 0x109: bytes 240-248 +M
 *   #47    42/42   v4 id 0x109: bytes 248-256 +M
 *   #48    42/42   v4 id 0x109: bytes 256-264 +M
 *   #49    42/42   v4 id 0x109: bytes 264-272 +M
 *   #50    42/42   v4 id 0x109: bytes 272-280 +M
 *   #51    42/42   v4 id 0x109: bytes 280-288 +M
 *   #52    42/42   v4 id 0x109: bytes 288-296 +M
 *   #53    42/42   v4 id 0x109: bytes 296-304 +M
 *   #54    42/42   v4 id 0x109: bytes 304-312 +M
 *   #55    42/42   v4 id 0x109: bytes 312-320 +M
 *   #56    42/42   v4 id 0x109: bytes 320-328 +M
 *   #57    42/42   v4 id 0x109: bytes 328-336 +M
 *   #58    42/42   v4 id 0x109: bytes 336-344 +M
 *   #59    42/42   v4 id 0x109: bytes 344-352 +M
 *   #60    42/42   v4 id 0x109: bytes 352-360 +M
 *   #61    42/42   v4 id 0x109: bytes 360-368 +M
 *   #62    42/42   v4 id 0x109: bytes 368-376 +M
 *   #63    42/42   v4 id 0x109: bytes 376-384 +M
 *   #64    42/42   v4 id 0x109: bytes 384-392 +M
 *   #65    42/42   v4 id 0x109: bytes 392-400 +M
 *   #66    42/42   v4 id 0x109: bytes 400-408 +M
 *   #67    42/42   v4 id 0x109: bytes 408-416 +M
 *   #68    42/42   v4 id 0x109: bytes 416-424 +M
 *   #69    42/42   v4 id 0x109: bytes 424-432 +M
 *   #70    42/42   v4 id 0x109: bytes 432-440 +M
 *   #71    42/42   v4 id 0x109: bytes 440-448 +M
 *   #72    42/42   v4 id 0x109: bytes 448-456 +M
 *   #73    42/42   v4 id 0x109: bytes 456-464 +M
 *   #74    42/42   v4 id 0x109: bytes 464-472 +M
 *   #75    42/42   v4 id 0x109: bytes 472-480 +M
 *   #76    42/42   v4 id 0x109: bytes 480-488 +M
 *   #77    42/42   v4 id 0x109: bytes 488-496 +M
 *   #78    42/42   v4 id 0x109: bytes 496-504 +M
 *   #79    42/42   v4 id 0x109: bytes 504-512 +M
 *   #80    42/42   v4 id 0x109: bytes 512-520 +M
 *   #81    42/42   v4 id 0x109: bytes 520-528 +M
 *   #82   766/766  v6 id 0x6601: bytes 0-704 +M
 *   #83   766/766  v6 id 0x6601: bytes 704-1408, last
 *   #84   766/766  v6 id 0x6602: bytes 0-704 +M
 *   #85   774/774  v6 id 0x6602: bytes 696-1408, last
 *   #86  1470/1470 v6 id 0x6603: bytes 0-1408, last
 *   #87   738/738  v4 id 0x10a: bytes 0-704 +M
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libnet.h>
#include <pcap/pcap.h>

#include "docaddr.h"

#define PKT_MAX 4096
#define SNAPLEN 65535
/* 2024-01-01T12:00:00Z; records are 1 ms apart. */
#define TS0_SEC 1704110400ULL

#define ETH_H	  14
#define IP4_H	  20
#define IP6_H	  40
#define OFF_IP	  (ETH_H)
#define OFF_ICMP4 (ETH_H + IP4_H)
#define OFF_ICMP6 (ETH_H + IP6_H)
#define ALL	  UINT32_MAX

/* BSD loopback / DLT_NULL address families (not Linux's AF_INET6 10). */
#define BSD_AF_INET	     2
#define BSD_AF_INET6_NETBSD  24
#define BSD_AF_INET6_FREEBSD 28
#define BSD_AF_INET6_DARWIN  30

struct pkt {
	uint8_t b[PKT_MAX];
	uint32_t n;
};

struct cap {
	pcap_t *dead;
	pcap_dumper_t *d;
	char path[PATH_MAX];
	int rec;
};

/*
 * The error is sticky, like a stdio stream's: after the first failure
 * every helper returns at once and main() reports it.  That keeps the
 * record code a flat list of what each record is.
 */
struct hostile {
	libnet_t *l;
	const char *outdir;
	const char *shown; /* directory prefix in the printed table */
	uint64_t ts_ns;
	int failed;
	char errbuf[PATH_MAX + LIBNET_ERRBUF_SIZE + 64];
};

static uint8_t mac_a[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
static uint8_t mac_r[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

static void fail(struct hostile *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
fail(struct hostile *h, const char *fmt, ...)
{
	va_list ap;

	if (h->failed)
		return;
	h->failed = 1;
	va_start(ap, fmt);
	vsnprintf(h->errbuf, sizeof(h->errbuf), fmt, ap);
	va_end(ap);
}

static void
ck(struct hostile *h, libnet_ptag_t t, const char *what)
{
	if (t == -1)
		fail(h, "%s: %s", what, libnet_geterror(h->l));
}

/* Every libnet builder call goes through B() so a failure is not lost. */
#define B(h, call) ck((h), (call), #call)

#define A4 v4(198, 51, 100, 10)
#define B4 v4(203, 0, 113, 20)
#define R4 v4(192, 0, 2, 1)
#define A6 v6(1, 0x10)
#define B6 v6(2, 0x20)
#define R6 v6(1, 0x1)

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* ping's payload shape, without a timeval: 0x00, 0x01, ... */
static void
pattern(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)i;
}

/* Coalesces the context into pk and empties the context for the next. */
static void
finish(struct hostile *h, struct pkt *pk)
{
	uint8_t *p;
	uint32_t n;

	if (!h->failed) {
		if (libnet_pblock_coalesce(h->l, &p, &n) == -1) {
			fail(h, "libnet_pblock_coalesce: %s",
			     libnet_geterror(h->l));
		} else {
			if (n > sizeof(pk->b))
				fail(h, "packet of %u bytes too large", n);
			else
				memcpy(pk->b, p, n);
			pk->n = n;
			libnet_adv_free_packet(h->l, p);
		}
	}
	libnet_clear_packet(h->l);
}

/* ----- IP-level builders: no link header, checksums by libnet ----- */

static void
ip4_echo(struct hostile *h, struct pkt *pk, uint8_t type, uint16_t seq,
	 const uint8_t *payload, uint32_t plen)
{
	uint32_t src = type == ICMP_ECHO ? A4 : B4;
	uint32_t dst = type == ICMP_ECHO ? B4 : A4;

	B(h, libnet_build_icmpv4_echo(type, 0, 0, 0x4b1d, seq, payload, plen,
				      h->l, 0));
	B(h, libnet_build_ipv4((uint16_t)(IP4_H + 8 + plen), 0, seq, 0, 64,
			       IPPROTO_ICMP, 0, src, dst, NULL, 0, h->l, 0));
	finish(h, pk);
}

static void
ip4_echo56(struct hostile *h, struct pkt *pk, uint8_t type, uint16_t seq)
{
	uint8_t payload[56];

	pattern(payload, sizeof(payload));
	ip4_echo(h, pk, type, seq, payload, sizeof(payload));
}

/* Any IPv4 datagram around ready-made upper-layer bytes. */
static void
ip4_wrap(struct hostile *h, struct pkt *pk, uint8_t proto, uint16_t frag,
	 uint16_t id, const uint8_t *payload, uint32_t plen)
{
	B(h, libnet_build_ipv4((uint16_t)(IP4_H + plen), 0, id, frag, 64, proto,
			       0, A4, B4, payload, plen, h->l, 0));
	finish(h, pk);
}

/*
 * An ICMPv6 message with the 8-byte echo layout.  Errors use it too: their
 * second word (unused / MTU / pointer) sits where id and seq are, and
 * libnet 1.1.6 has no packet-too-big builder.
 */
static void
ip6_icmp(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
	 uint16_t w1, uint16_t w2, uint8_t *payload, uint32_t plen,
	 struct libnet_in6_addr src, struct libnet_in6_addr dst)
{
	B(h, libnet_build_icmpv6_echo(type, code, 0, w1, w2, payload, plen,
				      h->l, 0));
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + plen), IPPROTO_ICMPV6, 64,
			       src, dst, NULL, 0, h->l, 0));
	finish(h, pk);
}

static void
ip6_echo(struct hostile *h, struct pkt *pk, uint8_t type, uint16_t seq,
	 uint32_t plen)
{
	uint8_t payload[PKT_MAX];

	pattern(payload, plen);
	if (type == ICMP6_ECHO_REQUEST)
		ip6_icmp(h, pk, type, 0, 0x6b1d, seq, payload, plen, A6, B6);
	else
		ip6_icmp(h, pk, type, 0, 0x6b1d, seq, payload, plen, B6, A6);
}

/*
 * The bytes of an ICMPv6 message whose checksum is right for src/dst.
 * Chains with extension headers carry these bytes as data, because libnet
 * 1.1.6 misplaces the checksum when extension pblocks sit in between.
 */
static void
icmp6_msg(struct hostile *h, struct pkt *msg, uint8_t type, uint16_t seq,
	  uint32_t plen, struct libnet_in6_addr src, struct libnet_in6_addr dst)
{
	uint8_t payload[PKT_MAX];

	pattern(payload, plen);
	ip6_icmp(h, msg, type, 0, 0x6b1d, seq, payload, plen, src, dst);
	if (h->failed)
		return;
	msg->n -= IP6_H;
	memmove(msg->b, msg->b + IP6_H, msg->n);
}

/* The 8-byte-field form of an NS or NA with raw option bytes. */
static void
ip6_nd(struct hostile *h, struct pkt *pk, uint8_t type,
       struct libnet_in6_addr target, uint8_t *opts, uint32_t optlen)
{
	struct libnet_in6_addr src = type == ND_NEIGHBOR_SOLICIT ? A6 : B6;
	struct libnet_in6_addr dst = type == ND_NEIGHBOR_SOLICIT ? B6 : A6;

	if (type == ND_NEIGHBOR_SOLICIT)
		B(h, libnet_build_icmpv6_ndp_nsol(type, 0, 0, target, opts,
						  optlen, h->l, 0));
	else
		/* Flags are host order; libnet writes them big-endian. */
		B(h,
		  libnet_build_icmpv6_ndp_nadv(type, 0, 0, 0x60000000u, target,
					       opts, optlen, h->l, 0));
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(24 + optlen), IPPROTO_ICMPV6,
			       255, src, dst, NULL, 0, h->l, 0));
	finish(h, pk);
}

/* A valid NS with SLLA or NA with TLLA, through libnet's option builder. */
static void
ip6_nd_lla(struct hostile *h, struct pkt *pk, uint8_t type)
{
	int ns = type == ND_NEIGHBOR_SOLICIT;

	B(h, libnet_build_icmpv6_ndp_opt(ns ? ND_OPT_SOURCE_LINKADDR
					    : ND_OPT_TARGET_LINKADDR,
					 ns ? mac_a : mac_r, 6, h->l, 0));
	if (ns)
		B(h, libnet_build_icmpv6_ndp_nsol(type, 0, 0, B6, NULL, 0, h->l,
						  0));
	else
		B(h, libnet_build_icmpv6_ndp_nadv(type, 0, 0, 0x60000000u, B6,
						  NULL, 0, h->l, 0));
	B(h, libnet_build_ipv6(0, 0, 24 + 8, IPPROTO_ICMPV6, 255, ns ? A6 : B6,
			       ns ? B6 : A6, NULL, 0, h->l, 0));
	finish(h, pk);
}

/*
 * The UDP datagram a port unreachable quotes, IPv4 or IPv6.  ip_len 0
 * means the true length; another value is written as given (libnet does
 * not check it) with a header checksum that matches it.
 */
static void
udp4_dgram_len(struct hostile *h, struct pkt *pk, uint32_t plen,
	       uint16_t ip_len)
{
	/* Big enough for every datagram quoted (172 bytes the longest):
	 * libnet copies plen bytes from it. */
	uint8_t payload[256];

	memset(payload, 0x61, sizeof(payload));
	B(h, libnet_build_udp(40000, 33434, (uint16_t)(8 + plen), 0, payload,
			      plen, h->l, 0));
	B(h, libnet_build_ipv4(ip_len ? ip_len : (uint16_t)(IP4_H + 8 + plen),
			       0, 0x1234, 0, 63, IPPROTO_UDP, 0, A4, B4, NULL,
			       0, h->l, 0));
	finish(h, pk);
}

static void
udp4_dgram(struct hostile *h, struct pkt *pk, uint32_t plen)
{
	udp4_dgram_len(h, pk, plen, 0);
}

static void
udp6_dgram(struct hostile *h, struct pkt *pk, uint32_t plen)
{
	/* Big enough for every datagram quoted (172 bytes the longest):
	 * libnet copies plen bytes from it. */
	uint8_t payload[256];

	memset(payload, 0x61, sizeof(payload));
	B(h, libnet_build_udp(40000, 33434, (uint16_t)(8 + plen), 0, payload,
			      plen, h->l, 0));
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + plen), IPPROTO_UDP, 63, A6,
			       B6, NULL, 0, h->l, 0));
	finish(h, pk);
}

/* An ICMPv4 error from B4 to A4 quoting qlen bytes of q. */
static void
ip4_error(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
	  uint16_t w1, uint16_t w2, uint8_t *q, uint32_t qlen)
{
	/*
	 * The echo builder lays out the 8-byte header of every ICMPv4 error
	 * (type, code, checksum, one 32-bit word) and lets us set that word,
	 * which RFC 4884 and frag-needed use.
	 */
	B(h, libnet_build_icmpv4_echo(type, code, 0, w1, w2, q, qlen, h->l, 0));
	B(h, libnet_build_ipv4((uint16_t)(IP4_H + 8 + qlen), 0xc0, 0x0777, 0,
			       62, IPPROTO_ICMP, 0, B4, A4, NULL, 0, h->l, 0));
	finish(h, pk);
}

/* ----- link layers ----- */

/* Wraps IP bytes in Ethernet (A's MAC to the router's). */
static void
eth(struct hostile *h, struct pkt *pk, uint16_t type)
{
	struct pkt ip = *pk;

	B(h, libnet_build_ethernet(mac_r, mac_a, type, ip.b, ip.n, h->l, 0));
	finish(h, pk);
}

static uint16_t
ethertype_of(const struct pkt *ip)
{
	return (ip->b[0] >> 4) == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP;
}

/*
 * Ethernet with n VLAN tags, outermost first.  libnet builds the outer tag
 * (MACs, TPID, TCI); each further tag is 4 raw bytes (TCI, next type) in
 * front of the IP bytes, since libnet has no builder for an inner tag.
 */
static void
eth_tags(struct hostile *h, struct pkt *pk, const uint16_t *tpid,
	 const uint16_t *vid, int n)
{
	uint8_t buf[PKT_MAX];
	uint16_t type = ethertype_of(pk);
	uint32_t off = 0;
	int i;

	if (pk->n + 4u * (unsigned int)n > sizeof(buf)) {
		fail(h, "tagged frame too large");
		return;
	}
	for (i = 1; i < n; i++) {
		put16(buf + off, vid[i]);
		put16(buf + off + 2, i + 1 < n ? tpid[i + 1] : type);
		off += 4;
	}
	memcpy(buf + off, pk->b, pk->n);
	off += pk->n;
	B(h, libnet_build_802_1q(mac_r, mac_a, tpid[0], 0, 0, vid[0],
				 n > 1 ? tpid[1] : type, buf, off, h->l, 0));
	finish(h, pk);
}

/* Raw link header bytes in front of IP bytes. */
static void
prepend(struct hostile *h, struct pkt *pk, const uint8_t *hdr, uint32_t len)
{
	if (len == 0)
		return;
	if (pk->n + len > sizeof(pk->b)) {
		fail(h, "frame too large");
		return;
	}
	memmove(pk->b + len, pk->b, pk->n);
	memcpy(pk->b, hdr, len);
	pk->n += len;
}

/* Ethernet padding: what a receiving NIC hands up for runt frames. */
static void
pad(struct pkt *pk, uint32_t to, uint8_t byte)
{
	if (pk->n < to && to <= sizeof(pk->b)) {
		memset(pk->b + pk->n, byte, to - pk->n);
		pk->n = to;
	}
}

/* ----- capture files ----- */

static void
cap_open(struct hostile *h, struct cap *c, const char *name, int dlt)
{
	memset(c, 0, sizeof(*c));
	if (h->failed)
		return;
	snprintf(c->path, sizeof(c->path), "%s/%s", h->outdir, name);
	/* Per-file clock: adding a record elsewhere moves no timestamp here. */
	h->ts_ns = 0;
	c->dead = pcap_open_dead_with_tstamp_precision(
		dlt, SNAPLEN, PCAP_TSTAMP_PRECISION_NANO);
	if (c->dead == NULL) {
		fail(h, "pcap_open_dead(%d) failed", dlt);
		return;
	}
	c->d = pcap_dump_open(c->dead, c->path);
	if (c->d == NULL) {
		fail(h, "%s: %s", c->path, pcap_geterr(c->dead));
		return;
	}
	printf("%s%s\n", h->shown, name);
}

/* Writes one record: the first caplen bytes of pk (ALL: all of them). */
static void
rec(struct hostile *h, struct cap *c, const struct pkt *pk, uint32_t caplen,
    const char *what)
{
	struct pcap_pkthdr hdr;

	if (h->failed || c->d == NULL)
		return;
	h->ts_ns += 1000000;
	hdr.ts.tv_sec = (time_t)(TS0_SEC + h->ts_ns / 1000000000u);
	/* Nanosecond dumper: tv_usec carries nanoseconds. */
	hdr.ts.tv_usec = (suseconds_t)(h->ts_ns % 1000000000u);
	hdr.len = pk->n;
	hdr.caplen = caplen < pk->n ? caplen : pk->n;
	pcap_dump((u_char *)c->d, &hdr, pk->b);
	c->rec++;
	printf("  #%-3d %4u/%-4u %s\n", c->rec, hdr.caplen, hdr.len, what);
}

static void
cap_close(struct hostile *h, struct cap *c)
{
	if (c->d != NULL) {
		if (pcap_dump_flush(c->d) == -1)
			fail(h, "%s: write failed", c->path);
		pcap_dump_close(c->d);
	}
	if (c->dead != NULL)
		pcap_close(c->dead);
	c->d = NULL;
	c->dead = NULL;
}

/* ----- hostile-truncated.pcap ----- */

static void
file_truncated(struct hostile *h)
{
	static const uint16_t tp1[] = {ETHERTYPE_VLAN};
	static const uint16_t vid1[] = {100};
	struct pkt e4, u4, q, vl, x6, m, ns, u6, ptb, ts;
	uint8_t opts[16];
	struct cap c;

	ip4_echo56(h, &e4, ICMP_ECHO, 1);
	eth(h, &e4, ETHERTYPE_IP);

	udp4_dgram(h, &q, 32);
	ip4_error(h, &u4, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, q.b, q.n);
	eth(h, &u4, ETHERTYPE_IP);

	ip4_echo56(h, &vl, ICMP_ECHO, 2);
	eth_tags(h, &vl, tp1, vid1, 1);

	/* Echo behind hop-by-hop (PadN) and destination options (PadN). */
	icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 3, 56, A6, B6);
	memset(opts, 0, sizeof(opts));
	opts[0] = 1; /* PadN */
	opts[1] = 4;
	B(h, libnet_build_data(m.b, m.n, h->l, 0));
	opts[1] = 12;
	B(h, libnet_build_ipv6_destopts(IPPROTO_ICMPV6, 1, opts, 14, h->l, 0));
	opts[1] = 4;
	B(h, libnet_build_ipv6_hbhopts(IPPROTO_DSTOPTS, 0, opts, 6, h->l, 0));
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + 16 + m.n), 0, 64, A6, B6,
			       NULL, 0, h->l, 0));
	finish(h, &x6);
	eth(h, &x6, ETHERTYPE_IPV6);

	ip6_nd_lla(h, &ns, ND_NEIGHBOR_SOLICIT);
	eth(h, &ns, ETHERTYPE_IPV6);

	udp6_dgram(h, &q, 32);
	ip6_icmp(h, &u6, ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOPORT, 0, 0, q.b,
		 q.n, B6, A6);
	eth(h, &u6, ETHERTYPE_IPV6);

	ip6_echo(h, &q, ICMP6_ECHO_REQUEST, 4, 1352);
	ip6_icmp(h, &ptb, ICMP6_PACKET_TOO_BIG, 0, 0, 1280, q.b, 200, R6, A6);
	eth(h, &ptb, ETHERTYPE_IPV6);

	B(h, libnet_build_icmpv4_timestamp(ICMP_TSTAMP, 0, 0, 0x4b1d, 5,
					   43200000, 0, 0, NULL, 0, h->l, 0));
	B(h, libnet_build_ipv4(IP4_H + 20, 0, 5, 0, 64, IPPROTO_ICMP, 0, A4, B4,
			       NULL, 0, h->l, 0));
	finish(h, &ts);
	eth(h, &ts, ETHERTYPE_IP);

	cap_open(h, &c, "hostile-truncated.pcap", DLT_EN10MB);
	rec(h, &c, &e4, 0, "caplen 0: empty record of a 98-byte echo request");
	rec(h, &c, &e4, 6, "inside the Ethernet destination MAC");
	rec(h, &c, &e4, 13, "Ethernet header one byte short");
	rec(h, &c, &e4, 14, "Ethernet header only, no IP byte");
	rec(h, &c, &e4, 15, "one IPv4 byte (version/IHL)");
	rec(h, &c, &e4, 24, "IPv4 header cut at 10 bytes");
	rec(h, &c, &e4, 33, "IPv4 header one byte short");
	rec(h, &c, &e4, 34, "IPv4 header complete, no ICMP byte");
	rec(h, &c, &e4, 35, "ICMP type only");
	rec(h, &c, &e4, 38, "ICMP type/code/checksum, no echo id");
	rec(h, &c, &e4, 40, "echo id, no sequence");
	rec(h, &c, &e4, 41, "echo sequence cut in half");
	rec(h, &c, &e4, 42, "echo header complete, no payload");
	rec(h, &c, &e4, 60, "echo payload cut after 18 bytes");
	rec(h, &c, &e4, 97, "echo one byte short of the full packet");
	rec(h, &c, &u4, 45, "port unreachable: inside the quoted IPv4 header");
	rec(h, &c, &u4, 61,
	    "port unreachable: quoted IPv4 header one byte short");
	rec(h, &c, &u4, 62,
	    "port unreachable: quoted IPv4 header complete, no quoted UDP");
	rec(h, &c, &u4, 66,
	    "port unreachable: quoted UDP header cut after the ports");
	rec(h, &c, &u4, 74,
	    "port unreachable: quoted UDP header complete, payload cut");
	rec(h, &c, &vl, 15, "802.1Q: inside the tag (TCI half)");
	rec(h, &c, &vl, 16, "802.1Q: TCI complete, inner ethertype missing");
	rec(h, &c, &vl, 30, "802.1Q: inside the IPv4 header behind the tag");
	rec(h, &c, &x6, 30,
	    "IPv6 (HBH + DstOpts + echo): inside the IPv6 header");
	rec(h, &c, &x6, 54, "IPv6 header complete, no extension header byte");
	rec(h, &c, &x6, 55, "hop-by-hop header: next-header byte only");
	rec(h, &c, &x6, 58, "hop-by-hop header cut at 4 of 8 bytes");
	rec(h, &c, &x6, 66, "destination options header cut at 4 of 16 bytes");
	rec(h, &c, &x6, 77, "destination options header one byte short");
	rec(h, &c, &x6, 78, "extension headers complete, no ICMPv6 byte");
	rec(h, &c, &x6, 80, "ICMPv6 type/code only");
	rec(h, &c, &ns, 77, "NS: target address cut (15 of 16 bytes)");
	rec(h, &c, &ns, 78, "NS complete, no option byte");
	rec(h, &c, &ns, 79, "NS: option type only");
	rec(h, &c, &ns, 80,
	    "NS: option type and length, no link-layer address");
	rec(h, &c, &ns, 83,
	    "NS: source link-layer address cut at 3 of 6 bytes");
	rec(h, &c, &u6, 72,
	    "ICMPv6 port unreachable: inside the quoted IPv6 header");
	rec(h, &c, &u6, 106,
	    "ICMPv6 port unreachable: quoted UDP header cut after the ports");
	rec(h, &c, &ptb, 60, "ICMPv6 packet too big: MTU cut in half");
	rec(h, &c, &ts, 44,
	    "ICMP timestamp request: cut inside the originate timestamp");
	cap_close(h, &c);
}

/* ----- hostile-badsum.pcap ----- */

static void
flip16(struct pkt *pk, uint32_t off, uint16_t mask)
{
	put16(pk->b + off, (uint16_t)(get16(pk->b + off) ^ mask));
}

static void
file_badsum(struct hostile *h)
{
	static uint8_t payload[1500];
	struct pkt p, q;
	struct cap c;
	uint16_t sum;

	pattern(payload, sizeof(payload));
	cap_open(h, &c, "hostile-badsum.pcap", DLT_EN10MB);

	ip4_echo56(h, &p, ICMP_ECHO, 1);
	eth(h, &p, ETHERTYPE_IP);
	flip16(&p, OFF_ICMP4 + 2, 0x0001);
	rec(h, &c, &p, ALL, "echo request, checksum off by one");

	ip4_echo56(h, &p, ICMP_ECHOREPLY, 1);
	eth(h, &p, ETHERTYPE_IP);
	put16(p.b + OFF_ICMP4 + 2, 0);
	rec(h, &c, &p, ALL,
	    "echo reply, checksum 0x0000 where another is right");

	/*
	 * Tune the first payload word so libnet's checksum comes out 0x0000:
	 * adding the old checksum C to a zero word makes the sum 0xffff.
	 */
	{
		uint8_t tuned[56];

		pattern(tuned, sizeof(tuned));
		tuned[0] = tuned[1] = 0;
		ip4_echo(h, &p, ICMP_ECHO, 2, tuned, sizeof(tuned));
		sum = get16(p.b + IP4_H + 2);
		put16(tuned, sum);
		ip4_echo(h, &p, ICMP_ECHO, 2, tuned, sizeof(tuned));
		eth(h, &p, ETHERTYPE_IP);
		if (!h->failed && get16(p.b + OFF_ICMP4 + 2) != 0)
			fail(h, "badsum #3: tuned checksum is 0x%04x, not 0",
			     get16(p.b + OFF_ICMP4 + 2));
		rec(h, &c, &p, ALL,
		    "echo request whose right checksum is 0x0000: good");
		put16(p.b + OFF_ICMP4 + 2, 0xffff);
		rec(h, &c, &p, ALL,
		    "same with 0xffff in the field (one's-complement -0): "
		    "good");
	}

	ip4_echo(h, &p, ICMP_ECHO, 3, payload, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "echo request, 0-byte payload: good");
	ip4_echo(h, &p, ICMP_ECHO, 4, payload, 1);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "echo request, 1-byte payload (odd length 9): good");
	ip4_echo(h, &p, ICMP_ECHO, 5, payload, 3);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "echo request, 3-byte payload (odd length 11): good");
	ip4_echo(h, &p, ICMP_ECHO, 6, payload, 57);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "echo request, 57-byte payload (odd length 65): good");
	ip4_echo(h, &p, ICMP_ECHO, 7, payload, 1473);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "echo request, 1473-byte payload (odd length 1481): good");
	ip4_echo(h, &p, ICMP_ECHOREPLY, 4, payload, 1);
	eth(h, &p, ETHERTYPE_IP);
	pad(&p, 60, 0xff);
	rec(h, &c, &p, ALL,
	    "echo reply, 1-byte payload + 17 bytes of 0xff padding: good "
	    "only if the padding is left out");
	ip4_echo(h, &p, ICMP_ECHO, 8, payload, 55);
	eth(h, &p, ETHERTYPE_IP);
	flip16(&p, OFF_ICMP4 + 2, 0x0100);
	rec(h, &c, &p, ALL,
	    "echo request, 55-byte payload (odd), wrong checksum");

	ip4_echo56(h, &p, ICMP_ECHO, 9);
	eth(h, &p, ETHERTYPE_IP);
	flip16(&p, OFF_IP + 10, 0x0040);
	rec(h, &c, &p, ALL,
	    "echo request: IPv4 header checksum wrong, ICMP checksum right");

	udp4_dgram(h, &q, 32);
	ip4_error(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, q.b, q.n);
	eth(h, &p, ETHERTYPE_IP);
	flip16(&p, OFF_ICMP4 + 2, 0x1000);
	rec(h, &c, &p, ALL,
	    "port unreachable: ICMP checksum wrong, quoted datagram intact");

	udp4_dgram(h, &q, 32);
	flip16(&q, 10, 0x0202);
	ip4_error(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, q.b, q.n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "port unreachable: ICMP checksum right, quoted IPv4 header "
	    "checksum wrong: the ICMP message is good");

	B(h, libnet_build_icmpv4_timestamp(ICMP_TSTAMP, 0, 0, 0x4b1d, 10,
					   43200000, 0, 0, NULL, 0, h->l, 0));
	B(h, libnet_build_ipv4(IP4_H + 20, 0, 10, 0, 64, IPPROTO_ICMP, 0, A4,
			       B4, NULL, 0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IP);
	flip16(&p, OFF_ICMP4 + 2, 0x0008);
	rec(h, &c, &p, ALL, "timestamp request, checksum wrong");

	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 1, 56);
	eth(h, &p, ETHERTYPE_IPV6);
	flip16(&p, OFF_ICMP6 + 2, 0x8000);
	rec(h, &c, &p, ALL,
	    "ICMPv6 echo request, checksum with one bit flipped");

	ip6_echo(h, &p, ICMP6_ECHO_REPLY, 1, 56);
	eth(h, &p, ETHERTYPE_IPV6);
	put16(p.b + OFF_ICMP6 + 2, 0);
	rec(h, &c, &p, ALL,
	    "ICMPv6 echo reply, checksum 0x0000 (never \"no checksum\" in v6)");

	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 2, 1);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "ICMPv6 echo request, 1-byte payload (odd length 9): good");
	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 3, 57);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "ICMPv6 echo request, 57-byte payload (odd length 65): good");

	ip6_nd_lla(h, &p, ND_NEIGHBOR_SOLICIT);
	eth(h, &p, ETHERTYPE_IPV6);
	flip16(&p, OFF_ICMP6 + 2, 0x0420);
	rec(h, &c, &p, ALL, "ICMPv6 NS (SLLA), checksum wrong");

	/*
	 * The NA's bytes checksummed the ICMPv4 way, with no pseudo-header:
	 * the echo builder over IPv4 sums exactly type..options.  Its body is
	 * then moved behind an IPv6 header.
	 */
	{
		uint8_t body[16 + 8];
		struct libnet_in6_addr t = B6;

		memcpy(body, t.__u6_addr.__u6_addr8, 16);
		body[16] = ND_OPT_TARGET_LINKADDR;
		body[17] = 1;
		memcpy(body + 18, mac_r, 6);
		B(h, libnet_build_icmpv4_echo(ND_NEIGHBOR_ADVERT, 0, 0, 0x6000,
					      0, body, sizeof(body), h->l, 0));
		B(h,
		  libnet_build_ipv4(IP4_H + 8 + sizeof(body), 0, 0, 0, 64,
				    IPPROTO_ICMP, 0, A4, B4, NULL, 0, h->l, 0));
		finish(h, &q);
		sum = get16(q.b + IP4_H + 2);
		ip6_nd_lla(h, &p, ND_NEIGHBOR_ADVERT);
		eth(h, &p, ETHERTYPE_IPV6);
		put16(p.b + OFF_ICMP6 + 2, sum);
		rec(h, &c, &p, ALL,
		    "ICMPv6 NA (TLLA), checksum computed without the IPv6 "
		    "pseudo-header: wrong");
	}

	udp6_dgram(h, &q, 32);
	ip6_icmp(h, &p, ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOPORT, 0, 0, q.b,
		 q.n, B6, A6);
	eth(h, &p, ETHERTYPE_IPV6);
	flip16(&p, OFF_ICMP6 + 2, 0x00ff);
	rec(h, &c, &p, ALL, "ICMPv6 port unreachable, checksum wrong");

	ip6_echo(h, &q, ICMP6_ECHO_REQUEST, 4, 1404);
	ip6_icmp(h, &p, ICMP6_PACKET_TOO_BIG, 0, 0, 1280, q.b, 1231, R6, A6);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "ICMPv6 packet too big quoting an odd 1231 bytes: good");
	cap_close(h, &c);
}

/* ----- hostile-lengths.pcap ----- */

/*
 * libnet 1.1.6 stores the fragment header's offset/flags word and id
 * without byte swapping, so they are handed over already swapped.
 */
static void
frag6_hdr(struct hostile *h, uint8_t nh, uint16_t off8, int more, uint32_t id,
	  const uint8_t *payload, uint32_t plen)
{
	uint16_t frag = (uint16_t)(off8 << 3 | (more ? 1 : 0));

	B(h, libnet_build_ipv6_frag(nh, 0, htons(frag), htonl(id), payload,
				    plen, h->l, 0));
}

/* n destination options headers of 8 bytes (one PadN option), the last
 * one naming next; returns their length. */
static uint32_t
dstopts_chain(uint8_t *out, int n, uint8_t next)
{
	int i;

	for (i = 0; i < n; i++) {
		uint8_t *x = out + 8 * i;

		memset(x, 0, 8);
		x[0] = i == n - 1 ? next : IPPROTO_DSTOPTS;
		x[2] = 1; /* PadN, 4 bytes */
		x[3] = 4;
	}
	return 8u * (uint32_t)n;
}

/* The bytes of an IPv6 header from A6 to B6 (hop limit 63). */
static uint32_t
ip6_hdr_bytes(uint8_t *out, uint16_t plen, uint8_t next)
{
	struct libnet_in6_addr s = A6, t = B6;

	memset(out, 0, 8);
	out[0] = 0x60;
	put16(out + 4, plen);
	out[6] = next;
	out[7] = 63;
	memcpy(out + 8, &s, 16);
	memcpy(out + 24, &t, 16);
	return 40;
}

/* Extension-header chains longer than any walk limit, in a packet and
 * in a quote, and a quote cut inside its chain. */
static void
ext_chains(struct hostile *h, struct cap *c)
{
	static uint8_t q[PKT_MAX];
	static const uint8_t udp[8] = {0x9c, 0x40, 0x82, 0x9a, 0, 8, 0, 0};
	struct pkt p, m;
	uint32_t n;

	icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 40, 56, A6, B6);
	n = dstopts_chain(q, 40, IPPROTO_ICMPV6);
	memcpy(q + n, m.b, m.n);
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(n + m.n), IPPROTO_DSTOPTS, 64,
			       A6, B6, q, n + m.n, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, c, &p, ALL,
	    "40 chained destination options headers before an ICMPv6 echo");

	n = 40 + dstopts_chain(q + 40, 40, IPPROTO_UDP);
	memcpy(q + n, udp, sizeof(udp));
	n += sizeof(udp);
	ip6_hdr_bytes(q, (uint16_t)(n - 40), IPPROTO_DSTOPTS);
	ip6_icmp(h, &p, ICMP6_TIME_EXCEEDED, 0, 0, 0, q, n, B6, A6);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, c, &p, ALL,
	    "ICMPv6 time exceeded quoting IPv6 + 40 destination options "
	    "headers + UDP");

	/* Hop-by-hop (8 bytes, next 60), destination options of 16 bytes
	 * (next UDP), UDP; the quote ends 4 bytes into the second. */
	n = ip6_hdr_bytes(q, 8 + 16 + 8, 0);
	memset(q + n, 0, 24);
	q[n] = IPPROTO_DSTOPTS;
	q[n + 2] = 1;
	q[n + 3] = 4;
	q[n + 8] = IPPROTO_UDP;
	q[n + 9] = 1;
	q[n + 10] = 1;
	q[n + 11] = 12;
	ip6_icmp(h, &p, ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOPORT, 0, 0, q,
		 n + 8 + 4, B6, A6);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, c, &p, ALL,
	    "ICMPv6 port unreachable whose quote ends inside its second "
	    "extension header");
}

static void
file_lengths(struct hostile *h)
{
	static uint8_t big[2000];
	uint8_t opts[64];
	struct pkt p, q, m;
	struct cap c;
	int i;

	cap_open(h, &c, "hostile-lengths.pcap", DLT_EN10MB);

	ip4_echo56(h, &p, ICMP_ECHO, 1);
	eth(h, &p, ETHERTYPE_IP);
	p.b[OFF_IP] = 0x44;
	rec(h, &c, &p, ALL, "IPv4 IHL 4 (16 bytes, < 5)");
	p.b[OFF_IP] = 0x40;
	rec(h, &c, &p, ALL, "IPv4 IHL 0");

	ip4_echo(h, &p, ICMP_ECHO, 2, big, 0);
	eth(h, &p, ETHERTYPE_IP);
	p.b[OFF_IP] = 0x4f;
	rec(h, &c, &p, ALL, "IPv4 IHL 15 (60 bytes) in a 28-byte packet");

	/* Record Route with 9 empty slots fills the 40 option bytes. */
	memset(opts, 0, sizeof(opts));
	opts[0] = 7;
	opts[1] = 39;
	opts[2] = 4;
	pattern(big, 56);
	B(h, libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, 0x4b1d, 3, big, 56, h->l,
				      0));
	B(h, libnet_build_ipv4_options(opts, 40, h->l, 0));
	B(h, libnet_build_ipv4(60 + 8 + 56, 0, 3, 0, 64, IPPROTO_ICMP, 0, A4,
			       B4, NULL, 0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "valid: IHL 15 with a Record Route option, echo after 60 bytes");

	pattern(big, sizeof(big));
	B(h, libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, 0x4b1d, 4, big, 56, h->l,
				      0));
	B(h, libnet_build_ipv4(1500, 0, 4, 0, 64, IPPROTO_ICMP, 0, A4, B4, NULL,
			       0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "IPv4 total length 1500, packet is 84 bytes");

	ip4_echo56(h, &p, ICMP_ECHO, 5);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, 60, "total length 84, record cut at 60 of 98 (snaplen)");

	for (i = 0; i < 3; i++) {
		static const uint16_t tl[] = {12, 20, 24};
		static const char *const what[] = {
			"IPv4 total length 12, smaller than the header",
			"IPv4 total length 20: header only, ICMP bytes beyond "
			"it",
			"IPv4 total length 24: ICMP header incomplete by IP's "
			"account",
		};

		B(h, libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, 0x4b1d,
					      (uint16_t)(6 + i), big, 56, h->l,
					      0));
		B(h,
		  libnet_build_ipv4(tl[i], 0, (uint16_t)(6 + i), 0, 64,
				    IPPROTO_ICMP, 0, A4, B4, NULL, 0, h->l, 0));
		finish(h, &p);
		eth(h, &p, ETHERTYPE_IP);
		rec(h, &c, &p, ALL, what[i]);
	}

	ip4_echo(h, &p, ICMP_ECHO, 9, big, 0);
	eth(h, &p, ETHERTYPE_IP);
	pad(&p, 60, 0xa5);
	rec(h, &c, &p, ALL,
	    "echo request, 0-byte payload, padded to 60 with 0xa5: ICMP "
	    "length must be clamped to 8");
	ip4_echo(h, &p, ICMP_ECHOREPLY, 9, big, 1);
	eth(h, &p, ETHERTYPE_IP);
	pad(&p, 60, 0x00);
	rec(h, &c, &p, ALL,
	    "echo reply, 1-byte payload, padded to 60 with 0x00");

	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 1, 56);
	eth(h, &p, ETHERTYPE_IPV6);
	put16(p.b + OFF_IP + 4, 1000);
	rec(h, &c, &p, ALL, "IPv6 payload length 1000, 64 bytes present");

	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 2, 8);
	eth(h, &p, ETHERTYPE_IPV6);
	memset(p.b + p.n, 0xee, 48);
	p.n += 48;
	rec(h, &c, &p, ALL,
	    "IPv6 payload length 16 (right checksum) + 48 trailing bytes");

	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 3, 56);
	eth(h, &p, ETHERTYPE_IPV6);
	put16(p.b + OFF_IP + 4, 0);
	rec(h, &c, &p, ALL,
	    "IPv6 payload length 0 (no jumbo option), echo behind it");

	/* Raw option bytes: libnet's option builder cannot write these. */
	memset(opts, 0, sizeof(opts));
	opts[0] = ND_OPT_SOURCE_LINKADDR;
	opts[1] = 0;
	memcpy(opts + 2, mac_a, 6);
	ip6_nd(h, &p, ND_NEIGHBOR_SOLICIT, B6, opts, 8);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL, "NS with an option of length 0 (discard, no loop)");
	opts[1] = 4;
	ip6_nd(h, &p, ND_NEIGHBOR_SOLICIT, B6, opts, 8);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "NS with an SLLA option of length 4 (32 bytes), 8 present");
	memset(opts, 0, sizeof(opts));
	opts[0] = 14; /* nonce, RFC 3971 */
	opts[1] = 1;
	pattern(opts + 2, 6);
	opts[8] = 200;
	opts[9] = 1;
	ip6_nd(h, &p, ND_NEIGHBOR_SOLICIT, B6, opts, 16);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "NS with a nonce option then an unknown option 200: good");

	udp4_dgram(h, &q, 32);
	q.b[0] = 0x42;
	ip4_error(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, q.b, q.n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "port unreachable quoting an IPv4 header with IHL 2");
	udp4_dgram(h, &q, 32);
	q.b[0] = 0x4f;
	ip4_error(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, q.b, 28);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "port unreachable quoting an IPv4 header with IHL 15, 28 bytes");
	udp4_dgram_len(h, &q, 32, 1500);
	ip4_error(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, q.b, 28);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "port unreachable quoting 28 bytes of a 1500-byte datagram "
	    "(normal)");

	/*
	 * A 2008-byte echo request split as a 1500-byte MTU would.  The
	 * payload at message offset 1480 starts 08 00 so the second fragment
	 * looks like an echo header to a decoder that ignores the offset.
	 */
	pattern(big, sizeof(big));
	big[1472] = ICMP_ECHO;
	big[1473] = 0;
	ip4_echo(h, &m, ICMP_ECHO, 10, big, sizeof(big));
	if (!h->failed) {
		m.n -= IP4_H;
		memmove(m.b, m.b + IP4_H, m.n);
	}
	ip4_wrap(h, &p, IPPROTO_ICMP, IP_MF, 0x0f0f, m.b, 1480);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "IPv4 fragment, offset 0 + MF: first 1480 bytes of a 2008-byte "
	    "echo");
	ip4_wrap(h, &p, IPPROTO_ICMP, 1480 / 8, 0x0f0f, m.b + 1480, m.n - 1480);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "IPv4 fragment, offset 1480, last: starts 08 00 but is payload");

	pattern(big, sizeof(big));
	big[1440] = ICMP6_ECHO_REQUEST;
	big[1441] = 0;
	ip6_icmp(h, &m, ICMP6_ECHO_REQUEST, 0, 0x6b1d, 11, big, sizeof(big), A6,
		 B6);
	if (!h->failed) {
		m.n -= IP6_H;
		memmove(m.b, m.b + IP6_H, m.n);
	}
	frag6_hdr(h, IPPROTO_ICMPV6, 0, 1, 0xabcd0001, m.b, 1448);
	B(h, libnet_build_ipv6(0, 0, 8 + 1448, IPPROTO_FRAGMENT, 64, A6, B6,
			       NULL, 0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "IPv6 fragment header, offset 0 + M: first 1448 bytes of a "
	    "2008-byte ICMPv6 echo");
	frag6_hdr(h, IPPROTO_ICMPV6, 1448 / 8, 0, 0xabcd0001, m.b + 1448,
		  m.n - 1448);
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + m.n - 1448),
			       IPPROTO_FRAGMENT, 64, A6, B6, NULL, 0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "IPv6 fragment header, offset 1448, last (starts 80 00)");

	icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 12, 56, A6, B6);
	frag6_hdr(h, IPPROTO_ICMPV6, 0, 0, 0xabcd0002, m.b, m.n);
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + m.n), IPPROTO_FRAGMENT, 64,
			       A6, B6, NULL, 0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "IPv6 atomic fragment holding a whole ICMPv6 echo (RFC 6946)");

	/*
	 * Routing headers: RFC 8200 8.1 puts the final destination in the
	 * pseudo-header, which is the last routing address while segments
	 * are left.  R6 is the first hop (the IPv6 destination), B6 final.
	 */
	{
		struct libnet_in6_addr fin = B6;
		uint8_t rt[4 + 16];
		uint8_t hbh[6] = {1, 4, 0, 0, 0, 0}; /* PadN */

		memset(rt, 0, sizeof(rt));
		memcpy(rt + 4, fin.__u6_addr.__u6_addr8, 16);

		icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 13, 56, A6, B6);
		B(h, libnet_build_data(m.b, m.n, h->l, 0));
		B(h, libnet_build_ipv6_routing(IPPROTO_ICMPV6, 2, 0, 1, rt,
					       sizeof(rt), h->l, 0));
		B(h, libnet_build_ipv6_hbhopts(IPPROTO_ROUTING, 0, hbh,
					       sizeof(hbh), h->l, 0));
		B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + 24 + m.n), 0, 64,
				       A6, R6, NULL, 0, h->l, 0));
		finish(h, &p);
		eth(h, &p, ETHERTYPE_IPV6);
		rec(h, &c, &p, ALL,
		    "hop-by-hop + routing type 0 (segments left 1) + ICMPv6 "
		    "echo: checksum over the final destination");

		icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 14, 56, A6, B6);
		B(h, libnet_build_data(m.b, m.n, h->l, 0));
		B(h, libnet_build_ipv6_routing(IPPROTO_ICMPV6, 2, 2, 1, rt,
					       sizeof(rt), h->l, 0));
		B(h, libnet_build_ipv6_hbhopts(IPPROTO_ROUTING, 0, hbh,
					       sizeof(hbh), h->l, 0));
		B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + 24 + m.n), 0, 64,
				       A6, R6, NULL, 0, h->l, 0));
		finish(h, &p);
		eth(h, &p, ETHERTYPE_IPV6);
		rec(h, &c, &p, ALL,
		    "hop-by-hop + routing type 2 (segments left 1, home "
		    "address) + ICMPv6 echo: checksum over the home address");

		/* Segments left 0: the IPv6 destination is already final. */
		memcpy(rt + 4, R6.__u6_addr.__u6_addr8, 16);
		icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 15, 56, A6, B6);
		B(h, libnet_build_data(m.b, m.n, h->l, 0));
		B(h, libnet_build_ipv6_routing(IPPROTO_ICMPV6, 2, 0, 0, rt,
					       sizeof(rt), h->l, 0));
		B(h,
		  libnet_build_ipv6(0, 0, (uint16_t)(24 + m.n), IPPROTO_ROUTING,
				    64, A6, B6, NULL, 0, h->l, 0));
		finish(h, &p);
		eth(h, &p, ETHERTYPE_IPV6);
		rec(h, &c, &p, ALL,
		    "routing type 0, segments left 0: checksum over the IPv6 "
		    "destination (tshark agrees; tcpdump 4.99 sums the "
		    "routing address and says bad)");
	}

	/* ESP: an SPI, a sequence number and ciphertext-looking bytes. */
	pattern(big, 64);
	put32(big, 0x00001001);
	put32(big + 4, 1);
	B(h, libnet_build_ipv6(0, 0, 64, IPPROTO_ESP, 64, A6, B6, big, 64, h->l,
			       0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL, "IPv6 next header ESP (50): not ICMP");
	ip4_wrap(h, &p, IPPROTO_ESP, 0, 0x0e5b, big, 64);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "IPv4 protocol ESP (50): not ICMP");

	ip4_echo56(h, &m, ICMP_ECHO, 16);
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(m.n - IP4_H), IPPROTO_ICMP, 64,
			       A6, B6, m.b + IP4_H, m.n - IP4_H, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL, "ICMPv4 echo (protocol 1) carried in IPv6");
	icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 17, 56, A6, B6);
	ip4_wrap(h, &p, IPPROTO_ICMPV6, 0, 17, m.b, m.n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "ICMPv6 echo (protocol 58) carried in IPv4, checksum made for "
	    "the IPv6 pseudo-header");

	ip4_echo56(h, &p, ICMP_ECHO, 18);
	eth(h, &p, ETHERTYPE_IP);
	p.b[OFF_IP] = 0x65;
	rec(h, &c, &p, ALL, "Ethernet type IPv4, IP version nibble 6");
	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 19, 56);
	eth(h, &p, ETHERTYPE_IPV6);
	p.b[OFF_IP] = 0x40;
	rec(h, &c, &p, ALL, "Ethernet type IPv6, IP version nibble 4");

	icmp6_msg(h, &m, ICMP6_ECHO_REQUEST, 20, 56, A6, B6);
	B(h, libnet_build_data(m.b, m.n, h->l, 0));
	memset(opts, 0, sizeof(opts));
	opts[0] = 1;
	opts[1] = 4;
	for (i = 0; i < 12; i++)
		B(h, libnet_build_ipv6_destopts(i == 0 ? IPPROTO_ICMPV6
						       : IPPROTO_DSTOPTS,
						0, opts, 6, h->l, 0));
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(12 * 8 + m.n), IPPROTO_DSTOPTS,
			       64, A6, B6, NULL, 0, h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "12 chained destination options headers before an ICMPv6 echo");

	pattern(big, 16);
	B(h, libnet_build_ipv6(0, 0, 16, IPPROTO_NONE, 64, A6, B6, big, 16,
			       h->l, 0));
	finish(h, &p);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL, "IPv6 no next header (59) with 16 trailing bytes");

	/* The quoted packet: IPv6 + 16-byte hop-by-hop + UDP; quote ends at
	 * byte 48, inside the hop-by-hop header. */
	{
		uint8_t hbh[14];
		uint8_t udp[40];

		memset(hbh, 0, sizeof(hbh));
		hbh[0] = 1;
		hbh[1] = 12;
		memset(udp, 0x61, sizeof(udp));
		B(h, libnet_build_data(udp, sizeof(udp), h->l, 0));
		B(h, libnet_build_ipv6_hbhopts(IPPROTO_UDP, 1, hbh, sizeof(hbh),
					       h->l, 0));
		B(h, libnet_build_ipv6(0, 0, 16 + sizeof(udp), 0, 63, A6, B6,
				       NULL, 0, h->l, 0));
		finish(h, &q);
		ip6_icmp(h, &p, ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOPORT, 0,
			 0, q.b, 48, B6, A6);
		eth(h, &p, ETHERTYPE_IPV6);
		rec(h, &c, &p, ALL,
		    "ICMPv6 port unreachable whose quote ends inside the "
		    "quoted "
		    "hop-by-hop header");
	}

	/*
	 * RFC 4884: the second byte of the time exceeded word is the length
	 * of the original datagram field in 32-bit words.
	 */
	udp4_dgram(h, &q, 32);
	ip4_error(h, &p, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 32, 0, q.b, 28);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "time exceeded, RFC 4884 length 32 words but 28 bytes quoted");
	{
		uint8_t body[128 + 4 + 4 + 4];

		memset(body, 0, sizeof(body));
		memcpy(body, q.b, q.n < 128 ? q.n : 128);
		body[128] = 0x20; /* version 2 */
		/* Checksum 0: RFC 4884 7, "no checksum was transmitted". */
		put16(body + 132, 200); /* object length: overruns */
		body[134] = 1;		/* MPLS label stack class */
		body[135] = 1;		/* incoming stack */
		put32(body + 136, 16000u << 12 | 1u << 8 | 1u);
		ip4_error(h, &p, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 32, 0,
			  body, sizeof(body));
		eth(h, &p, ETHERTYPE_IP);
		rec(h, &c, &p, ALL,
		    "time exceeded, RFC 4884 length 32 + extension with an "
		    "MPLS object of length 200 overrunning the message");
	}
	ext_chains(h, &c);
	cap_close(h, &c);
}

/* ----- hostile-linktypes/ ----- */

static void
linktype_file(struct hostile *h, const char *name, int dlt, const uint8_t *hdr4,
	      uint32_t len4, const uint8_t *hdr6, uint32_t len6,
	      const char *what4, const char *what6)
{
	struct pkt p;
	struct cap c;

	cap_open(h, &c, name, dlt);
	if (what4 != NULL) {
		ip4_echo56(h, &p, ICMP_ECHO, 1);
		prepend(h, &p, hdr4, len4);
		rec(h, &c, &p, ALL, what4);
	}
	if (what6 != NULL) {
		ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 2, 56);
		prepend(h, &p, hdr6, len6);
		rec(h, &c, &p, ALL, what6);
	}
	cap_close(h, &c);
}

/* Solaris ipnet (24-byte pseudo-header, Solaris families 2 and 26) and IP
 * over InfiniBand (40 bytes of addresses, ethertype, reserved). */
static void
ipnet_ipoib_files(struct hostile *h)
{
	uint8_t n4[24], n6[24], b4[44], b6[44];
	uint32_t i;

	memset(n4, 0, sizeof(n4));
	n4[0] = 2;		     /* dli_version */
	n4[1] = 2;		     /* AF_INET */
	put32(n4 + 8, 3);	     /* dli_ifindex */
	put32(n4 + 20, 0xffffffffu); /* from another host */
	memcpy(n6, n4, sizeof(n6));
	n6[1] = 26;	  /* Solaris AF_INET6 */
	put16(n6 + 2, 1); /* outgoing */
	put32(n4 + 4, 84);
	put32(n6 + 4, 104);
	linktype_file(h, "ipnet.pcap", DLT_IPNET, n4, 24, n6, 24,
		      "family 2, incoming, v4 echo request",
		      "family 26, outgoing, v6 echo request");
	for (i = 0; i < 40; i++)
		b4[i] = (uint8_t)(0x80 + i);
	put16(b4 + 40, ETHERTYPE_IP);
	put16(b4 + 42, 0);
	memcpy(b6, b4, sizeof(b6));
	put16(b6 + 40, ETHERTYPE_IPV6);
	linktype_file(h, "ipoib.pcap", DLT_IPOIB, b4, 44, b6, 44,
		      "ethertype 0x0800, v4 echo request",
		      "ethertype 0x86dd, v6 echo request");
}

static void
tagged_file(struct hostile *h, const char *name, const uint16_t *tpid,
	    const uint16_t *vid, int n, const char *what4, const char *what6)
{
	struct pkt p;
	struct cap c;

	cap_open(h, &c, name, DLT_EN10MB);
	ip4_echo56(h, &p, ICMP_ECHO, 1);
	eth_tags(h, &p, tpid, vid, n);
	rec(h, &c, &p, ALL, what4);
	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 2, 56);
	eth_tags(h, &p, tpid, vid, n);
	rec(h, &c, &p, ALL, what6);
	cap_close(h, &c);
}

/* Linux cooked v1: pkttype, ARPHRD, address length, 8 address bytes, proto. */
static void
sll_hdr(uint8_t *b, uint16_t pkttype, uint16_t proto)
{
	memset(b, 0, 16);
	put16(b, pkttype);
	put16(b + 2, 1); /* ARPHRD_ETHER */
	put16(b + 4, 6);
	memcpy(b + 6, pkttype == 4 ? mac_a : mac_r, 6);
	put16(b + 14, proto);
}

/* Linux cooked v2: proto, reserved, ifindex, ARPHRD, pkttype, addrlen, addr. */
static void
sll2_hdr(uint8_t *b, uint8_t pkttype, uint16_t proto)
{
	memset(b, 0, 20);
	put16(b, proto);
	put32(b + 4, 2); /* ifindex */
	put16(b + 8, 1); /* ARPHRD_ETHER */
	b[10] = pkttype;
	b[11] = 6;
	memcpy(b + 12, pkttype == 4 ? mac_a : mac_r, 6);
}

/*
 * LINKTYPE_RAW is 101 in a file, and pcap_open_dead(DLT_RAW) writes 101:
 * libpcap maps DLT_RAW (12 on Linux) to LINKTYPE_RAW.  Old Linux tools
 * wrote the DLT value 12 itself, and libpcap still reads 12 as DLT_RAW
 * (values below 104 that it does not remap pass through), so such files
 * exist.  No libpcap call writes 12: write the file as 101, then patch the
 * network field of the file header (offset 20, in the writer's = our byte
 * order, as libpcap wrote the whole header).
 */
static void
write_raw12(struct hostile *h, const char *name)
{
	char path[PATH_MAX];
	uint32_t lt = 12;
	FILE *f;

	linktype_file(h, name, DLT_RAW, NULL, 0, NULL, 0,
		      "v4 echo request, file link type 12",
		      "v6 echo request, file link type 12");
	if (h->failed)
		return;
	snprintf(path, sizeof(path), "%s/%s", h->outdir, name);
	f = fopen(path, "r+b");
	if (f == NULL) {
		fail(h, "%s: %s", path, strerror(errno));
		return;
	}
	if (fseek(f, 20, SEEK_SET) != 0 || fwrite(&lt, 4, 1, f) != 1)
		fail(h, "%s: patching the link type: %s", path,
		     strerror(errno));
	if (fclose(f) != 0)
		fail(h, "%s: %s", path, strerror(errno));
}

/* DLT_NULL / DLT_LOOP: a 4-byte address family, in one of three orders. */
enum af_order { AF_HOST, AF_SWAPPED, AF_NETWORK };

static void
af_file(struct hostile *h, const char *name, int dlt, enum af_order order)
{
	static const struct {
		uint32_t af;
		const char *what;
	} fams[] = {
		{BSD_AF_INET, "AF_INET 2, v4 echo request"},
		{BSD_AF_INET6_NETBSD,
		 "AF_INET6 24 (NetBSD/OpenBSD), v6 echo request"},
		{BSD_AF_INET6_FREEBSD,
		 "AF_INET6 28 (FreeBSD), v6 echo request"},
		{BSD_AF_INET6_DARWIN, "AF_INET6 30 (macOS), v6 echo request"},
	};
	struct pkt p;
	struct cap c;
	uint8_t hdr[4];
	size_t i;

	cap_open(h, &c, name, dlt);
	for (i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		uint32_t af = fams[i].af;

		if (af == BSD_AF_INET)
			ip4_echo56(h, &p, ICMP_ECHO, (uint16_t)(i + 1));
		else
			ip6_echo(h, &p, ICMP6_ECHO_REQUEST, (uint16_t)(i + 1),
				 56);
		if (order == AF_NETWORK) {
			put32(hdr, af);
		} else {
			if (order == AF_SWAPPED)
				af = __builtin_bswap32(af);
			memcpy(hdr, &af, 4);
		}
		prepend(h, &p, hdr, 4);
		rec(h, &c, &p, ALL, fams[i].what);
	}
	cap_close(h, &c);
}

static void
ppp_file(struct hostile *h)
{
	static const uint8_t ac4[] = {0xff, 0x03, 0x00, 0x21};
	static const uint8_t ac6[] = {0xff, 0x03, 0x00, 0x57};
	struct pkt p;
	struct cap c;

	cap_open(h, &c, "ppp.pcap", DLT_PPP);
	ip4_echo56(h, &p, ICMP_ECHO, 1);
	prepend(h, &p, ac4, 4);
	rec(h, &c, &p, ALL, "ff 03 00 21: v4 echo request");
	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 2, 56);
	prepend(h, &p, ac6, 4);
	rec(h, &c, &p, ALL, "ff 03 00 57: v6 echo request");
	/* Address/control field compression (RFC 1661 ACFC). */
	ip4_echo56(h, &p, ICMP_ECHO, 3);
	prepend(h, &p, ac4 + 2, 2);
	rec(h, &c, &p, ALL, "00 21 (no ff03): v4 echo request");
	ip6_echo(h, &p, ICMP6_ECHO_REQUEST, 4, 56);
	prepend(h, &p, ac6 + 2, 2);
	rec(h, &c, &p, ALL, "00 57 (no ff03): v6 echo request");
	cap_close(h, &c);
}

static void
dir_linktypes(struct hostile *h)
{
	static const uint16_t tp1[] = {ETHERTYPE_VLAN};
	static const uint16_t vid1[] = {100};
	static const uint16_t tp2[] = {0x88a8, ETHERTYPE_VLAN};
	static const uint16_t vid2[] = {10, 100};
	static const uint16_t tp3[] = {0x88a8, ETHERTYPE_VLAN, ETHERTYPE_VLAN};
	static const uint16_t vid3[] = {10, 100, 200};
	char dir[PATH_MAX];
	const char *outdir = h->outdir;
	uint8_t s4[20], s6[20];

	snprintf(dir, sizeof(dir), "%s/hostile-linktypes", outdir);
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		fail(h, "%s: %s", dir, strerror(errno));
		return;
	}
	h->outdir = dir;
	h->shown = "hostile-linktypes/";
	tagged_file(h, "en10mb-vlan.pcap", tp1, vid1, 1,
		    "802.1Q vlan 100: v4 echo request",
		    "802.1Q vlan 100: v6 echo request");
	tagged_file(h, "en10mb-qinq.pcap", tp2, vid2, 2,
		    "0x88a8 vlan 10, 0x8100 vlan 100: v4 echo request",
		    "0x88a8 vlan 10, 0x8100 vlan 100: v6 echo request");
	tagged_file(h, "en10mb-3tags.pcap", tp3, vid3, 3,
		    "0x88a8 vlan 10, 0x8100 vlan 100, 0x8100 vlan 200: v4 echo "
		    "request",
		    "0x88a8 vlan 10, 0x8100 vlan 100, 0x8100 vlan 200: v6 echo "
		    "request");
	sll_hdr(s4, 4, ETHERTYPE_IP);
	sll_hdr(s6, 0, ETHERTYPE_IPV6);
	linktype_file(h, "linux-sll.pcap", DLT_LINUX_SLL, s4, 16, s6, 16,
		      "outgoing (4), v4 echo request",
		      "to us (0), v6 echo request");
	sll2_hdr(s4, 4, ETHERTYPE_IP);
	sll2_hdr(s6, 0, ETHERTYPE_IPV6);
	linktype_file(h, "linux-sll2.pcap", DLT_LINUX_SLL2, s4, 20, s6, 20,
		      "outgoing (4), ifindex 2, v4 echo request",
		      "to us (0), ifindex 2, v6 echo request");
	linktype_file(h, "raw-linktype101.pcap", DLT_RAW, NULL, 0, NULL, 0,
		      "v4 echo request", "v6 echo request");
	write_raw12(h, "raw-linktype12.pcap");
	linktype_file(h, "ipv4-228.pcap", DLT_IPV4, NULL, 0, NULL, 0,
		      "v4 echo request", NULL);
	linktype_file(h, "ipv6-229.pcap", DLT_IPV6, NULL, 0, NULL, 0, NULL,
		      "v6 echo request");
	af_file(h, "null-host.pcap", DLT_NULL, AF_HOST);
	af_file(h, "null-swapped.pcap", DLT_NULL, AF_SWAPPED);
	af_file(h, "loop.pcap", DLT_LOOP, AF_NETWORK);
	ppp_file(h);
	ipnet_ipoib_files(h);
	h->outdir = outdir;
	h->shown = "";
}

/* ----- tunnels.pcap, hostile-tunnels.pcap ----- */

/* Tunnel endpoints: the delivery headers use their own documentation
 * addresses so that outer and inner paths read apart. */
#define TA4 v4(192, 0, 2, 10)
#define TB4 v4(192, 0, 2, 20)
#define TA6 v6(0xff, 0xa)
#define TB6 v6(0xff, 0xb)

/* The RFC 4884 extension checksum, by libnet's Internet checksum. */
static uint16_t
ext_cksum(const uint8_t *p, uint32_t n)
{
	uint16_t w[PKT_MAX / 2 + 1];
	int sum;

	memset(w, 0, sizeof(w));
	memcpy(w, p, n);
	sum = libnet_in_cksum(w, (int)n);
	return ntohs((uint16_t)LIBNET_CKSUM_CARRY(sum));
}

/* Concatenate hdr and pk into one payload buffer (pk is left alone). */
static uint32_t
cat(struct hostile *h, uint8_t *out, const uint8_t *hdr, uint32_t hlen,
    const struct pkt *pk)
{
	if (hlen + pk->n > PKT_MAX) {
		fail(h, "tunnel payload too large");
		return 0;
	}
	if (hlen)
		memcpy(out, hdr, hlen);
	memcpy(out + hlen, pk->b, pk->n);
	return hlen + pk->n;
}

/* A delivery header (v6 or not) of protocol proto around pk. */
static void
deliver(struct hostile *h, struct pkt *pk, int six, uint8_t proto, uint8_t ttl)
{
	struct pkt in = *pk;

	if (six)
		B(h, libnet_build_ipv6(0, 0, (uint16_t)in.n, proto, ttl, TA6,
				       TB6, in.b, in.n, h->l, 0));
	else
		B(h,
		  libnet_build_ipv4((uint16_t)(IP4_H + in.n), 0, 0x7e57, 0, ttl,
				    proto, 0, TA4, TB4, in.b, in.n, h->l, 0));
	finish(h, pk);
}

/* GRE (libnet fills the checksum when GRE_CSUM is set) with hdr bytes
 * (an ERSPAN header) in front of pk, in a delivery header. */
static void
gre(struct hostile *h, struct pkt *pk, int six, uint16_t fv, uint16_t proto,
    uint32_t key, uint32_t seq, const uint8_t *hdr, uint32_t hlen)
{
	uint8_t buf[PKT_MAX];
	uint32_t n = cat(h, buf, hdr, hlen, pk);
	uint32_t glen = libnet_getgre_length(fv);

	B(h, libnet_build_gre(fv, proto, 0, 0, key, seq, (uint16_t)(glen + n),
			      buf, n, h->l, 0));
	if (six)
		B(h, libnet_build_ipv6(0, 0, (uint16_t)(glen + n), IPPROTO_GRE,
				       64, TA6, TB6, NULL, 0, h->l, 0));
	else
		B(h, libnet_build_ipv4((uint16_t)(IP4_H + glen + n), 0, 0x6e0,
				       0, 64, IPPROTO_GRE, 0, TA4, TB4, NULL, 0,
				       h->l, 0));
	finish(h, pk);
}

/* UDP to dport with hdr bytes (VXLAN, Geneve) in front of pk. */
static void
udp_tun(struct hostile *h, struct pkt *pk, int six, uint16_t dport,
	const uint8_t *hdr, uint32_t hlen)
{
	uint8_t buf[PKT_MAX];
	uint32_t n = cat(h, buf, hdr, hlen, pk);

	B(h, libnet_build_udp(49152, dport, (uint16_t)(8 + n), 0, buf, n, h->l,
			      0));
	if (six)
		B(h, libnet_build_ipv6(0, 0, (uint16_t)(8 + n), IPPROTO_UDP, 64,
				       TA6, TB6, NULL, 0, h->l, 0));
	else
		B(h, libnet_build_ipv4((uint16_t)(IP4_H + 8 + n), 0, 0x7c1, 0,
				       64, IPPROTO_UDP, 0, TA4, TB4, NULL, 0,
				       h->l, 0));
	finish(h, pk);
}

/* An MPLS label stack (outermost first; the last has the S bit) in front
 * of pk.  libnet builds it under a throwaway Ethernet header that is cut
 * off again, so the bytes can go anywhere. */
static void
mpls(struct hostile *h, struct pkt *pk, const uint32_t *labels, int n)
{
	struct pkt in = *pk;
	int i;

	for (i = n - 1; i >= 0; i--)
		B(h,
		  libnet_build_mpls(labels[i], (uint8_t)(i & 7), i == n - 1,
				    (uint8_t)(64 - i), i == n - 1 ? in.b : NULL,
				    i == n - 1 ? in.n : 0, h->l, 0));
	B(h, libnet_build_ethernet(mac_r, mac_a, ETHERTYPE_MPLS, NULL, 0, h->l,
				   0));
	finish(h, pk);
	if (h->failed)
		return;
	pk->n -= ETH_H;
	memmove(pk->b, pk->b + ETH_H, pk->n);
}

static void
vxlan_hdr(uint8_t *b, uint8_t flags, uint32_t vni)
{
	memset(b, 0, 8);
	b[0] = flags;
	put32(b + 4, vni << 8);
}

/* Geneve (RFC 8926) with one 8-byte option (class 0x0102, type 0x80). */
static uint32_t
geneve_hdr(uint8_t *b, uint8_t ver, uint16_t proto, uint32_t vni)
{
	memset(b, 0, 16);
	b[0] = (uint8_t)(ver << 6 | 2); /* 2 words of options */
	put16(b + 2, proto);
	put32(b + 4, vni << 8);
	put16(b + 8, 0x0102);
	b[10] = 0x80;
	b[11] = 1; /* 1 word of option data */
	put32(b + 12, 0xdeadbeef);
	return 16;
}

/* ERSPAN type II (8 bytes) or III (12, + 8 with a platform subheader). */
static uint32_t
erspan_hdr(uint8_t *b, int type, uint16_t vlan, uint16_t session, int ft,
	   int sub)
{
	memset(b, 0, 20);
	put32(b, (uint32_t)(type == 2 ? 1 : 2) << 28 | (uint32_t)vlan << 16 |
			 3u << 13 | session);
	if (type == 2) {
		put32(b + 4, 42); /* index */
		return 8;
	}
	put32(b + 4, 0x01020304); /* timestamp */
	put32(b + 8,
	      0xabcdu << 16 | (uint32_t)ft << 10 | 7u << 4 | (sub ? 1u : 0u));
	if (!sub)
		return 12;
	put32(b + 12, 0x0c000000); /* platform ID 3 */
	put32(b + 16, 0x00000001);
	return 20;
}

/* pk, an IPv4 delivery packet, rebuilt with fragment field frag and only
 * the first keep bytes of its payload. */
static void
refrag(struct hostile *h, struct pkt *pk, uint16_t frag, uint32_t keep)
{
	struct pkt in = *pk;

	B(h,
	  libnet_build_ipv4((uint16_t)(IP4_H + keep), 0, 0x6e0, frag, 64,
			    in.b[9], 0, TA4, TB4, in.b + IP4_H, keep, h->l, 0));
	finish(h, pk);
}

/* The inner messages: an echo request 198.51.100.10 -> 203.0.113.20 and
 * its reply, in v4 and v6. */
static void
in4(struct hostile *h, struct pkt *pk, uint8_t type, uint16_t seq)
{
	ip4_echo56(h, pk, type, seq);
}

static void
in6(struct hostile *h, struct pkt *pk, uint8_t type, uint16_t seq)
{
	ip6_echo(h, pk, type, seq, 56);
}

static void
file_tunnels(struct hostile *h)
{
	static const uint32_t two[] = {16001, 16002};
	static const uint32_t one[] = {24000};
	static const uint32_t pw[] = {16001, 30001}; /* an Ethernet PW */
	static const uint16_t tp1[] = {ETHERTYPE_VLAN};
	static const uint16_t vid1[] = {300};
	uint8_t hdr[32];
	uint32_t n;
	struct pkt p;
	struct cap c;

	cap_open(h, &c, "tunnels.pcap", DLT_EN10MB);

	in4(h, &p, ICMP_ECHO, 1);
	gre(h, &p, 0, 0, ETHERTYPE_IP, 0, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "GRE (IPv4): echo request");
	in4(h, &p, ICMP_ECHOREPLY, 1);
	gre(h, &p, 0, 0, ETHERTYPE_IP, 0, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "GRE (IPv4): its echo reply");

	in6(h, &p, ICMP6_ECHO_REQUEST, 2);
	gre(h, &p, 1, GRE_CSUM | GRE_KEY | GRE_SEQ, ETHERTYPE_IPV6, 0x1234, 7,
	    NULL, 0);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "GRE in IPv6 with checksum, key 0x1234, seq 7: ICMPv6 echo");

	in4(h, &p, ICMP_ECHO, 3);
	eth(h, &p, ETHERTYPE_IP);
	gre(h, &p, 0, GRE_KEY, 0x6558, 0x00abcd00, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "GRE transparent Ethernet bridging (NVGRE key): echo");

	in4(h, &p, ICMP_ECHO, 4);
	eth(h, &p, ETHERTYPE_IP);
	gre(h, &p, 0, 0, 0x88be, 0, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "ERSPAN type I (GRE 0x88be, no sequence): echo");

	in4(h, &p, ICMP_ECHO, 5);
	eth_tags(h, &p, tp1, vid1, 1);
	n = erspan_hdr(hdr, 2, 300, 77, 0, 0);
	gre(h, &p, 0, GRE_SEQ, 0x88be, 0, 1, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "ERSPAN type II, session 77, of a VLAN 300 frame: echo");

	in6(h, &p, ICMP6_ECHO_REQUEST, 6);
	eth(h, &p, ETHERTYPE_IPV6);
	n = erspan_hdr(hdr, 3, 0, 99, 0, 1);
	gre(h, &p, 0, GRE_SEQ, 0x22eb, 0, 2, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "ERSPAN type III with platform subheader, session 99: ICMPv6 "
	    "echo");

	in4(h, &p, ICMP_ECHO, 7);
	n = erspan_hdr(hdr, 3, 0, 100, 2, 0);
	gre(h, &p, 0, GRE_SEQ, 0x22eb, 0, 3, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "ERSPAN type III, frame type IP (no Ethernet): echo");

	in4(h, &p, ICMP_ECHO, 8);
	deliver(h, &p, 0, IPPROTO_IPIP, 64);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "IPv4 in IPv4 (4in4): echo");

	in6(h, &p, ICMP6_ECHO_REQUEST, 9);
	deliver(h, &p, 0, IPPROTO_IPV6, 64);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "IPv6 in IPv4 (6in4): ICMPv6 echo");

	in4(h, &p, ICMP_ECHO, 10);
	deliver(h, &p, 1, IPPROTO_IPIP, 64);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL, "IPv4 in IPv6 (4in6): echo");

	in6(h, &p, ICMP6_ECHO_REQUEST, 11);
	deliver(h, &p, 1, IPPROTO_IPV6, 64);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL, "IPv6 in IPv6 (6in6): ICMPv6 echo");

	in4(h, &p, ICMP_ECHO, 12);
	eth(h, &p, ETHERTYPE_IP);
	vxlan_hdr(hdr, 0x08, 4242);
	udp_tun(h, &p, 0, 4789, hdr, 8);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "VXLAN (UDP 4789), VNI 4242: echo");

	in6(h, &p, ICMP6_ECHO_REQUEST, 13);
	eth_tags(h, &p, tp1, vid1, 1);
	vxlan_hdr(hdr, 0x08, 1);
	udp_tun(h, &p, 1, 8472, hdr, 8);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "VXLAN over IPv6 on Linux's port 8472, VNI 1, inner VLAN 300: "
	    "ICMPv6 echo");

	in4(h, &p, ICMP_ECHO, 14);
	eth(h, &p, ETHERTYPE_IP);
	n = geneve_hdr(hdr, 0, 0x6558, 777);
	udp_tun(h, &p, 0, 6081, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "Geneve (UDP 6081) with an option, Ethernet: echo");

	in4(h, &p, ICMP_ECHO, 15);
	n = geneve_hdr(hdr, 0, ETHERTYPE_IP, 778);
	udp_tun(h, &p, 0, 6081, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "Geneve carrying IPv4 directly: echo");

	in4(h, &p, ICMP_ECHO, 16);
	mpls(h, &p, two, 2);
	eth(h, &p, ETHERTYPE_MPLS);
	rec(h, &c, &p, ALL, "MPLS on Ethernet, two labels: echo");

	in6(h, &p, ICMP6_ECHO_REQUEST, 17);
	mpls(h, &p, one, 1);
	udp_tun(h, &p, 0, 6635, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "MPLS over UDP (6635): ICMPv6 echo");

	in4(h, &p, ICMP_ECHO, 18);
	mpls(h, &p, one, 1);
	gre(h, &p, 0, 0, ETHERTYPE_MPLS, 0, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "MPLS in GRE: echo");

	in4(h, &p, ICMP_ECHO, 19);
	mpls(h, &p, one, 1);
	deliver(h, &p, 0, 137, 64);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "MPLS in IPv4 (protocol 137): echo");

	in4(h, &p, ICMP_ECHO, 20);
	eth(h, &p, ETHERTYPE_IP);
	memset(hdr, 0, 4); /* pseudowire control word */
	prepend(h, &p, hdr, 4);
	mpls(h, &p, pw, 2);
	eth(h, &p, ETHERTYPE_MPLS);
	rec(h, &c, &p, ALL,
	    "Ethernet pseudowire: MPLS, control word, Ethernet: echo");

	in4(h, &p, ICMP_ECHO, 21);
	eth(h, &p, ETHERTYPE_IP);
	vxlan_hdr(hdr, 0x08, 9);
	udp_tun(h, &p, 0, 4789, hdr, 8);
	gre(h, &p, 1, GRE_KEY, ETHERTYPE_IP, 5, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IPV6);
	rec(h, &c, &p, ALL,
	    "nested: IPv6, GRE, IPv4, UDP, VXLAN, Ethernet, IPv4: echo");

	/* A traceroute probe's time exceeded from inside an MPLS core, with
	 * the RFC 4950 label stack object, carried in VXLAN. */
	{
		struct pkt q;
		uint8_t body[128 + 4 + 4 + 8];

		udp4_dgram(h, &q, 32);
		memset(body, 0, sizeof(body));
		memcpy(body, q.b, q.n);
		body[128] = 0x20;
		put16(body + 132, 12);
		body[134] = 1;
		body[135] = 1;
		put32(body + 136, 16001u << 12 | 0u << 9 | 0u << 8 | 1u);
		put32(body + 140, 16002u << 12 | 1u << 8 | 1u);
		put16(body + 130, ext_cksum(body + 128, 16));
		ip4_error(h, &p, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 32, 0,
			  body, sizeof(body));
		eth(h, &p, ETHERTYPE_IP);
		vxlan_hdr(hdr, 0x08, 4242);
		udp_tun(h, &p, 0, 4789, hdr, 8);
		eth(h, &p, ETHERTYPE_IP);
		rec(h, &c, &p, ALL,
		    "VXLAN: time exceeded with an RFC 4950 MPLS label stack");
	}
	cap_close(h, &c);
}

static void
file_hostile_tunnels(struct hostile *h)
{
	static const uint32_t deep[20] = {
		100, 101, 102, 103, 104, 105, 106, 107, 108, 109,
		110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
	};
	uint8_t hdr[32];
	uint32_t n;
	struct pkt p, base;
	struct cap c;
	int i;

	cap_open(h, &c, "hostile-tunnels.pcap", DLT_EN10MB);

	in4(h, &base, ICMP_ECHO, 1);
	p = base;
	gre(h, &p, 0, GRE_KEY | GRE_SEQ, ETHERTYPE_IP, 1, 1, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, OFF_IP + IP4_H + 6,
	    "GRE header cut in its key (caplen)");
	rec(h, &c, &p, OFF_IP + IP4_H + 12 + 10,
	    "GRE complete, inner IPv4 header cut at 10 bytes");

	p = base;
	eth(h, &p, ETHERTYPE_IP);
	vxlan_hdr(hdr, 0x08, 1);
	udp_tun(h, &p, 0, 4789, hdr, 8);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, OFF_IP + IP4_H + 8 + 5, "VXLAN header cut at 5 bytes");
	rec(h, &c, &p, OFF_IP + IP4_H + 16 + 9,
	    "VXLAN complete, inner Ethernet cut in its source MAC");

	p = base;
	mpls(h, &p, deep, 3);
	eth(h, &p, ETHERTYPE_MPLS);
	rec(h, &c, &p, ETH_H + 6, "MPLS stack cut before its bottom label");
	p = base;
	mpls(h, &p, deep, 1);
	eth(h, &p, ETHERTYPE_MPLS);
	rec(h, &c, &p, ETH_H + 4, "MPLS bottom of stack, nothing after it");

	/* The inner header claims more than the tunnel carries. */
	{
		uint8_t payload[56];

		pattern(payload, sizeof(payload));
		B(h,
		  libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, 0x4b1d, 1, payload,
					   sizeof(payload), h->l, 0));
		B(h, libnet_build_ipv4(1000, 0, 1, 0, 64, IPPROTO_ICMP, 0, A4,
				       B4, NULL, 0, h->l, 0));
		finish(h, &p);
	}
	gre(h, &p, 0, 0, ETHERTYPE_IP, 0, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "GRE: inner IPv4 total length 1000 in an 84-byte payload");

	p = base;
	for (i = 0; i < 17; i++)
		deliver(h, &p, 0, IPPROTO_IPIP, 64);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "17 nested IPv4-in-IPv4 headers (deeper than the limit of 16)");
	p = base;
	for (i = 0; i < 15; i++)
		deliver(h, &p, 0, IPPROTO_IPIP, 64);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "15 nested IPv4-in-IPv4 headers (within the limit)");
	p = base;
	mpls(h, &p, deep, 20);
	eth(h, &p, ETHERTYPE_MPLS);
	rec(h, &c, &p, ALL, "MPLS stack of 20 labels (deeper than the limit)");

	/* The delivery header is a first fragment: the inner message is cut
	 * (checksum unverified); the second fragment has no GRE header. */
	p = base;
	gre(h, &p, 0, 0, ETHERTYPE_IP, 0, 0, NULL, 0);
	refrag(h, &p, IP_MF, 4 + 40);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "GRE in a first IPv4 fragment (MF): inner echo cut at 20 bytes");
	p = base;
	gre(h, &p, 0, 0, ETHERTYPE_IP, 0, 0, NULL, 0);
	refrag(h, &p, 5, p.n - IP4_H);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL,
	    "protocol GRE in a non-first fragment (offset 40): not walked");

	p = base;
	gre(h, &p, 0, GRE_VERSION_1 | GRE_KEY, 0x880b, 0x00100001, 0, NULL, 0);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "GRE version 1 (PPTP): not walked");
	p = base;
	gre(h, &p, 0, 0, ETHERTYPE_IP, 0, 0, NULL, 0);
	p.b[IP4_H] |= 0x40; /* R bit: RFC 1701 source routing */
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "GRE with the routing bit: not walked");

	p = base;
	eth(h, &p, ETHERTYPE_IP);
	vxlan_hdr(hdr, 0x00, 1);
	udp_tun(h, &p, 0, 4789, hdr, 8);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "VXLAN without the I flag: not walked");

	p = base;
	n = geneve_hdr(hdr, 1, ETHERTYPE_IP, 5);
	udp_tun(h, &p, 0, 6081, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "Geneve version 1: not walked");
	p = base;
	n = geneve_hdr(hdr, 0, ETHERTYPE_IP, 5);
	hdr[0] = 0x3f; /* 63 words of options */
	udp_tun(h, &p, 0, 6081, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "Geneve options (252 bytes) beyond the packet");

	p = base;
	eth(h, &p, ETHERTYPE_IP);
	n = erspan_hdr(hdr, 2, 0, 1, 0, 0);
	hdr[0] = (uint8_t)(hdr[0] & 0x0f) | 0x70; /* version 7 */
	gre(h, &p, 0, GRE_SEQ, 0x88be, 0, 1, hdr, n);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "ERSPAN type II header with version 7: not walked");

	p.n = 0;
	udp_tun(h, &p, 0, 4789, hdr, 4);
	eth(h, &p, ETHERTYPE_IP);
	rec(h, &c, &p, ALL, "UDP to 4789 with 4 bytes of payload");

	p = base;
	eth(h, &p, ETHERTYPE_IP);
	{
		/* An encrypted MACsec SecTAG (E and C bits) in the frame. */
		static const uint8_t sectag[8] = {0x88, 0xe5, 0x2c, 0x00,
						  0x00, 0x00, 0x00, 0x01};
		struct pkt f = p;

		memcpy(f.b + 12, sectag, 8);
		memcpy(f.b + 20, p.b + 12, p.n - 12);
		f.n = p.n + 6; /* the ethertype moves behind the tag */
		vxlan_hdr(hdr, 0x08, 3);
		udp_tun(h, &f, 0, 4789, hdr, 8);
		eth(h, &f, ETHERTYPE_IP);
		rec(h, &c, &f, ALL,
		    "VXLAN carrying an encrypted MACsec frame: opaque");
	}
	cap_close(h, &c);
}

/* ----- extensions.pcap, hostile-extensions.pcap ----- */

/* One extension object: its 4-byte header, then body. */
static uint32_t
ext_obj(uint8_t *out, uint8_t cls, uint8_t ctype, const uint8_t *body,
	uint32_t blen)
{
	put16(out, (uint16_t)(4 + blen));
	out[2] = cls;
	out[3] = ctype;
	if (blen)
		memcpy(out + 4, body, blen);
	return 4 + blen;
}

enum { CK_RIGHT, CK_ZERO, CK_WRONG };

/* The extension structure (version ver) around objects; returns its
 * length. */
static uint32_t
ext_struct(uint8_t *out, int ver, int ck, const uint8_t *objs, uint32_t n)
{
	out[0] = (uint8_t)(ver << 4);
	out[1] = 0;
	put16(out + 2, 0);
	memcpy(out + 4, objs, n);
	if (ck != CK_ZERO)
		put16(out + 2, (uint16_t)(ext_cksum(out, 4 + n) ^
					  (ck == CK_WRONG ? 0x0101 : 0)));
	return 4 + n;
}

/* RFC 4950: n label stack entries. */
static uint32_t
mpls_obj(uint8_t *out, const uint32_t *labels, int n)
{
	uint8_t body[64];
	int i;

	for (i = 0; i < n; i++)
		put32(body + 4 * i, labels[i] << 12 | (uint32_t)(i & 7) << 9 |
					    (i == n - 1 ? 0x100u : 0) |
					    (uint32_t)(255 - i));
	return ext_obj(out, 1, 1, body, 4u * (uint32_t)n);
}

/* RFC 5837 interface information: role, then the sub-objects chosen by
 * what is given (ifindex 0, addr NULL, name NULL, mtu 0: absent). */
static uint32_t
ifinfo_obj(uint8_t *out, int role, uint32_t ifindex, int afi,
	   const uint8_t *addr, const char *name, uint32_t mtu)
{
	uint8_t body[128];
	uint32_t n = 0, nl;
	uint8_t ctype = (uint8_t)(role << 6);

	if (ifindex) {
		ctype |= 0x08;
		put32(body, ifindex);
		n = 4;
	}
	if (addr) {
		ctype |= 0x04;
		put16(body + n, (uint16_t)afi);
		put16(body + n + 2, 0);
		memcpy(body + n + 4, addr, afi == 1 ? 4 : 16);
		n += 4 + (afi == 1 ? 4 : 16);
	}
	if (name) {
		ctype |= 0x02;
		nl = (uint32_t)strlen(name) + 1;
		nl = (nl + 3) & ~3u;
		memset(body + n, 0, nl);
		body[n] = (uint8_t)nl;
		memcpy(body + n + 1, name, strlen(name));
		n += nl;
	}
	if (mtu) {
		ctype |= 0x01;
		put32(body + n, mtu);
		n += 4;
	}
	return ext_obj(out, 2, ctype, body, n);
}

/* An ICMPv4 error quoting a 60-byte UDP datagram zero-padded to olen
 * bytes (RFC 4884 length olen / 4 in octet 5; 0 = unset) followed by ext
 * bytes.  w0 is octet 4 (parameter problem pointer), mtu octets 6-7. */
static void
err4_ext(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
	 uint8_t w0, uint32_t olen, int set_len, uint16_t mtu,
	 const uint8_t *ext, uint32_t elen)
{
	uint8_t body[PKT_MAX];
	struct pkt q;

	udp4_dgram(h, &q, 32);
	memset(body, 0, olen);
	memcpy(body, q.b, q.n < olen ? q.n : olen);
	memcpy(body + olen, ext, elen);
	ip4_error(h, pk, type, code,
		  (uint16_t)(w0 << 8 | (set_len ? olen / 4 : 0)), mtu, body,
		  olen + elen);
	eth(h, pk, ETHERTYPE_IP);
}

/* The ICMPv6 form: length in octet 4, in 64-bit words. */
static void
err6_ext(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
	 uint32_t olen, const uint8_t *ext, uint32_t elen)
{
	uint8_t body[PKT_MAX];
	struct pkt q;

	udp6_dgram(h, &q, 32);
	memset(body, 0, olen);
	memcpy(body, q.b, q.n < olen ? q.n : olen);
	memcpy(body + olen, ext, elen);
	ip6_icmp(h, pk, type, code, (uint16_t)(olen / 8 << 8), 0, body,
		 olen + elen, B6, A6);
	eth(h, pk, ETHERTYPE_IPV6);
}

/* RFC 8335 extended echo: request (L bit in octet 7) carrying ext, or a
 * reply (state and A/4/6 bits in octet 7). */
static void
xecho4(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
       uint8_t seq, uint8_t bits, const uint8_t *ext, uint32_t elen)
{
	uint32_t src = type == 42 ? A4 : B4, dst = type == 42 ? B4 : A4;

	B(h, libnet_build_icmpv4_echo(type, code, 0, 0x5eed,
				      (uint16_t)(seq << 8 | bits), ext, elen,
				      h->l, 0));
	B(h, libnet_build_ipv4((uint16_t)(IP4_H + 8 + elen), 0, 0x42, 0, 64,
			       IPPROTO_ICMP, 0, src, dst, NULL, 0, h->l, 0));
	finish(h, pk);
	eth(h, pk, ETHERTYPE_IP);
}

static void
xecho6(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
       uint8_t seq, uint8_t bits, uint8_t *ext, uint32_t elen)
{
	ip6_icmp(h, pk, type, code, 0x5eed, (uint16_t)(seq << 8 | bits), ext,
		 elen, type == 160 ? A6 : B6, type == 160 ? B6 : A6);
	eth(h, pk, ETHERTYPE_IPV6);
}

/* RFC 8335 interface identification object: by name, index or address. */
static uint32_t
ifid_name(uint8_t *out, const char *name)
{
	uint8_t body[64];
	uint32_t n = ((uint32_t)strlen(name) + 3) & ~3u;

	memset(body, 0, n);
	memcpy(body, name, strlen(name));
	return ext_obj(out, 3, 1, body, n);
}

static uint32_t
ifid_index(uint8_t *out, uint32_t idx)
{
	uint8_t body[4];

	put32(body, idx);
	return ext_obj(out, 3, 2, body, 4);
}

static uint32_t
ifid_addr(uint8_t *out, uint16_t afi, uint8_t alen, const uint8_t *addr,
	  uint32_t n)
{
	uint8_t body[24];

	put16(body, afi);
	body[2] = alen;
	body[3] = 0;
	memcpy(body + 4, addr, n);
	return ext_obj(out, 3, 3, body, 4 + n);
}

static const uint8_t addr4_r[4] = {192, 0, 2, 1};
static const uint8_t addr6_r[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0,
				    0,	  0,	0,    0,    0, 0, 0, 1};

static void
file_extensions(struct hostile *h)
{
	static const uint32_t l2[] = {16001, 16002};
	static const uint32_t l1[] = {24000};
	uint8_t objs[512], ext[600];
	uint32_t n, e;
	struct pkt p;
	struct cap c;

	cap_open(h, &c, "extensions.pcap", DLT_EN10MB);

	n = mpls_obj(objs, l2, 2);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "time exceeded, RFC 4884 length 32, MPLS label stack of 2");

	n = ifinfo_obj(objs, 2, 7, 1, addr4_r, "ge-0/0/1.0", 1500);
	n += ifinfo_obj(objs + n, 0, 3, 0, NULL, NULL, 0);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "port unreachable: interface information, outgoing (index, "
	    "IPv4 address, name, MTU) and incoming (index)");

	n = mpls_obj(objs, l1, 1);
	{
		static const uint8_t odd[4] = {1, 2, 3, 4};

		n += ext_obj(objs + n, 9, 1, odd, 4);
	}
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, 0, 132, 1, 1400,
		 ext, e);
	rec(h, &c, &p, ALL,
	    "frag needed (MTU 1400), length 33 words, MPLS object and an "
	    "unknown class 9 object");

	n = ifinfo_obj(objs, 3, 0, 2, addr6_r, NULL, 0);
	e = ext_struct(ext, 2, CK_ZERO, objs, n);
	err4_ext(h, &p, ICMP_PARAMPROB, 0, 1, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "parameter problem (pointer 1), next-hop IPv6 address, no "
	    "extension checksum");

	n = mpls_obj(objs, l2, 2);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 0, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "time exceeded, length 0, MPLS extension at 128 (pre-RFC 4884 "
	    "routers)");

	{
		uint8_t big[200];
		struct pkt q;

		udp4_dgram(h, &q, 172);
		memcpy(big, q.b, q.n < sizeof(big) ? q.n : sizeof(big));
		ip4_error(h, &p, ICMP_TIMXCEED, 0, 0, 0, big, sizeof(big));
		eth(h, &p, ETHERTYPE_IP);
		rec(h, &c, &p, ALL,
		    "time exceeded, length 0, 200 bytes quoted: no extension");
	}

	n = mpls_obj(objs, l1, 1);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err6_ext(h, &p, ICMP6_TIME_EXCEEDED, 0, 128, ext, e);
	rec(h, &c, &p, ALL,
	    "ICMPv6 time exceeded, RFC 4884 length 16 (x 8), MPLS label");

	n = ifinfo_obj(objs, 0, 12, 2, addr6_r, "eth0", 9000);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err6_ext(h, &p, ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_ADDR, 136, ext, e);
	rec(h, &c, &p, ALL,
	    "ICMPv6 address unreachable, length 17, incoming interface "
	    "with IPv6 address, name and MTU");

	n = ifid_name(objs, "eth0");
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho4(h, &p, 42, 0, 1, 1, ext, e);
	rec(h, &c, &p, ALL, "extended echo request, local, by name eth0");
	xecho4(h, &p, 43, 0, 1, 2 << 5 | 4 | 2, NULL, 0);
	rec(h, &c, &p, ALL,
	    "extended echo reply: no error, reachable, active, IPv4");
	n = ifid_index(objs, 2);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho4(h, &p, 42, 0, 2, 1, ext, e);
	rec(h, &c, &p, ALL, "extended echo request, local, by index 2");
	n = ifid_addr(objs, 1, 4, addr4_r, 4);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	memcpy(ext + e, "trailer!", 8); /* senders append data */
	xecho4(h, &p, 42, 0, 3, 0, ext, e + 8);
	rec(h, &c, &p, ALL,
	    "extended echo request, remote, by IPv4 address, 8 bytes of "
	    "sender data after the object");
	xecho4(h, &p, 43, 2, 3, 0, NULL, 0);
	rec(h, &c, &p, ALL, "extended echo reply: no such interface");

	n = ifid_addr(objs, 2, 16, addr6_r, 16);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho6(h, &p, 160, 0, 4, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "ICMPv6 extended echo request, remote, by IPv6 address");
	xecho6(h, &p, 161, 0, 4, 6 << 5 | 4 | 1, NULL, 0);
	rec(h, &c, &p, ALL, "ICMPv6 extended echo reply: failed, active, IPv6");
	cap_close(h, &c);
}

static void
file_hostile_extensions(struct hostile *h)
{
	static const uint32_t l1[] = {24000};
	uint8_t objs[512], ext[600];
	uint32_t n, e;
	struct pkt p;
	struct cap c;

	cap_open(h, &c, "hostile-extensions.pcap", DLT_EN10MB);

	n = mpls_obj(objs, l1, 1);
	put16(objs + n, 0); /* a second object of length 0 */
	objs[n + 2] = 1;
	objs[n + 3] = 1;
	e = ext_struct(ext, 2, CK_RIGHT, objs, n + 4);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "extension object of length 0 after a valid one");

	n = ext_obj(objs, 1, 1, NULL, 0);
	put16(objs, 2);
	e = ext_struct(ext, 2, CK_RIGHT, objs, 8);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "extension object of length 2 (below its header)");

	n = mpls_obj(objs, l1, 1);
	put16(objs, 40);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "extension object of length 40 with 8 bytes left in the "
	    "structure");

	n = mpls_obj(objs, l1, 1);
	objs[n] = objs[n + 1] = 0xee;
	e = ext_struct(ext, 2, CK_RIGHT, objs, n + 2);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "2 bytes after the last object: header beyond");

	n = ifinfo_obj(objs, 2, 7, 1, addr4_r, "ge-0/0/1.0", 1500);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, OFF_ICMP4 + 8 + 128 + 4 + 10,
	    "capture ends inside an interface information object");

	n = mpls_obj(objs, l1, 1);
	e = ext_struct(ext, 1, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "extension structure version 1");

	e = ext_struct(ext, 2, CK_WRONG, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "extension checksum wrong (message checksum right)");

	n = ifinfo_obj(objs, 0, 0, 0, NULL, "x", 0);
	objs[4] = 0; /* name length 0 */
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "interface name sub-object of length 0");
	objs[4] = 3;
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "interface name length 3 (not a multiple of 4)");
	n = ifinfo_obj(objs, 0, 0, 0, NULL,
		       "a-name-that-is-longer-than-the-sixty-four-bytes-"
		       "allowed-by-rfc5837",
		       0);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "interface name length 68 (above 64)");

	n = ifinfo_obj(objs, 0, 5, 0, NULL, NULL, 0);
	objs[3] |= 0x01; /* says an MTU follows */
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "MTU flag set, object ends after the index");

	n = ifinfo_obj(objs, 0, 0, 1, addr4_r, NULL, 0);
	put16(objs + 4, 7); /* AFI 7 */
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "interface address of AFI 7");

	{
		static const uint8_t ten[6] = {0x05, 0xdc, 0x01, 0xff, 1, 2};

		n = ext_obj(objs, 1, 1, ten, 6);
	}
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 1, 0, ext, e);
	rec(h, &c, &p, ALL, "MPLS object of length 10 (not 4 + 4n)");

	n = mpls_obj(objs, l1, 1);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 80, 1, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "RFC 4884 length 20 words (80 bytes, below 128) and more after");

	n = mpls_obj(objs, l1, 1);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	{
		uint8_t body[64];
		struct pkt q;

		udp6_dgram(h, &q, 8);
		memcpy(body, q.b, q.n);
		ip6_icmp(h, &p, ICMP6_TIME_EXCEEDED, 0, 16 << 8, 0, body, q.n,
			 B6, A6);
		eth(h, &p, ETHERTYPE_IPV6);
		rec(h, &c, &p, ALL,
		    "ICMPv6 time exceeded, RFC 4884 length 128 bytes, 56 "
		    "quoted");
	}

	xecho4(h, &p, 42, 0, 1, 1, NULL, 0);
	rec(h, &c, &p, ALL, "extended echo request without an extension");
	n = ifid_index(objs, 2);
	put16(objs, 0);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho4(h, &p, 42, 0, 2, 1, ext, e);
	rec(h, &c, &p, ALL,
	    "extended echo request, interface object of length 0");
	n = ifid_addr(objs, 1, 16, addr6_r, 16);
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho4(h, &p, 42, 0, 3, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "extended echo request by address, AFI 1 with length 16");
	n = ifid_index(objs, 2);
	objs[3] = 9;
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho4(h, &p, 42, 0, 4, 1, ext, e);
	rec(h, &c, &p, ALL, "extended echo request, interface C-Type 9");
	n = ifid_name(objs, "eth0");
	e = ext_struct(ext, 2, CK_RIGHT, objs, n);
	xecho4(h, &p, 42, 0, 5, 1, ext, e);
	rec(h, &c, &p, OFF_ICMP4 + 8 + 2,
	    "extended echo request cut in the extension header");

	n = mpls_obj(objs, l1, 1);
	e = ext_struct(ext, 2, CK_WRONG, objs, n);
	err4_ext(h, &p, ICMP_TIMXCEED, 0, 0, 128, 0, 0, ext, e);
	rec(h, &c, &p, ALL,
	    "length 0, version 2 header at 128 with a wrong checksum: not "
	    "taken for an extension");
	cap_close(h, &c);
}

/* ----- icmp-types.pcap ----- */

/* Any ICMPv6 message from raw bytes (type, code, then body after the
 * checksum), checksummed by libnet through its echo builder: the body's
 * first 4 bytes go in as "id" and "seq". */
static void
raw6(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
     const uint8_t *body, uint32_t blen, uint8_t hlim)
{
	uint8_t rest[PKT_MAX];

	memcpy(rest, body + 4, blen - 4);
	B(h,
	  libnet_build_icmpv6_echo(type, code, 0, get16(body), get16(body + 2),
				   rest, blen - 4, h->l, 0));
	B(h, libnet_build_ipv6(0, 0, (uint16_t)(4 + blen), IPPROTO_ICMPV6, hlim,
			       R6, A6, NULL, 0, h->l, 0));
	finish(h, pk);
	eth(h, pk, ETHERTYPE_IPV6);
}

static void
raw4(struct hostile *h, struct pkt *pk, uint8_t type, uint8_t code,
     const uint8_t *body, uint32_t blen)
{
	B(h,
	  libnet_build_icmpv4_echo(type, code, 0, get16(body), get16(body + 2),
				   body + 4, blen - 4, h->l, 0));
	B(h, libnet_build_ipv4((uint16_t)(IP4_H + 4 + blen), 0, 0x99, 0, 1,
			       IPPROTO_ICMP, 0, R4, A4, NULL, 0, h->l, 0));
	finish(h, pk);
	eth(h, pk, ETHERTYPE_IP);
}

static uint32_t
put_addr6(uint8_t *p, uint16_t sub, uint16_t host)
{
	struct libnet_in6_addr a = v6(sub, host);

	memcpy(p, &a, 16);
	return 16;
}

static void
file_types(struct hostile *h)
{
	uint8_t b[512];
	uint32_t n;
	struct pkt p;
	struct cap c;

	cap_open(h, &c, "icmp-types.pcap", DLT_EN10MB);

	/* ICMPv4 router advertisement (RFC 1256): 2 entries of 2 words. */
	b[0] = 2;
	b[1] = 2;
	put16(b + 2, 1800);
	memcpy(b + 4, addr4_r, 4);
	put32(b + 8, 10);
	memcpy(b + 12, addr4_r, 4);
	b[15] = 2;
	put32(b + 16, 0x80000000u); /* "not a default router" */
	raw4(h, &p, ICMP_ROUTERADVERT, 0, b, 20);
	rec(h, &c, &p, ALL,
	    "router advertisement, 2 entries (preference 10, not default)");
	b[0] = 3;
	raw4(h, &p, ICMP_ROUTERADVERT, 0, b, 20);
	rec(h, &c, &p, ALL, "router advertisement: 3 entries, room for 2");
	b[0] = 2;
	b[1] = 1;
	raw4(h, &p, ICMP_ROUTERADVERT, 0, b, 20);
	rec(h, &c, &p, ALL, "router advertisement: entry size 1 word");

	/* MLDv2 query (RFC 3810 5.1): S flag, QRV 2, QQIC 125, 2 sources. */
	put16(b, 1000);
	put16(b + 2, 0);
	n = 4 + put_addr6(b + 4, 0xff02, 0x1234);
	b[4] = 0xff;
	b[5] = 0x0e;
	memset(b + 6, 0, 2);
	b[n] = 0x0a;
	b[n + 1] = 125;
	put16(b + n + 2, 2);
	n += 4;
	n += put_addr6(b + n, 5, 1);
	n += put_addr6(b + n, 5, 2);
	raw6(h, &p, 130, 0, b, n, 1);
	rec(h, &c, &p, ALL, "MLDv2 query, S flag, QRV 2, QQIC 125, 2 sources");
	put16(b + 24, 9);
	raw6(h, &p, 130, 0, b, n, 1);
	rec(h, &c, &p, ALL, "MLDv2 query: 9 sources, room for 2");

	/* MLDv2 report (RFC 3810 5.2): 2 records. */
	put16(b, 0);
	put16(b + 2, 2);
	n = 4;
	b[n] = 3; /* change to include */
	b[n + 1] = 0;
	put16(b + n + 2, 2);
	n += 4;
	n += put_addr6(b + n, 0xff0e, 0x42);
	b[n - 16] = 0xff;
	b[n - 15] = 0x0e;
	memset(b + n - 14, 0, 2);
	n += put_addr6(b + n, 5, 1);
	n += put_addr6(b + n, 5, 2);
	b[n] = 1; /* mode is include, 1 word of auxiliary data */
	b[n + 1] = 1;
	put16(b + n + 2, 0);
	n += 4;
	n += put_addr6(b + n, 0xff0e, 0x43);
	b[n - 16] = 0xff;
	b[n - 15] = 0x0e;
	memset(b + n - 14, 0, 2);
	put32(b + n, 0xa0a0a0a0u);
	n += 4;
	raw6(h, &p, 143, 0, b, n, 1);
	rec(h, &c, &p, ALL,
	    "MLDv2 report: change-to-include with 2 sources, mode-is-include "
	    "with auxiliary data");
	rec(h, &c, &p, OFF_ICMP6 + 8 + 20 + 20,
	    "the same report cut in the first record's second source");
	put16(b + 6, 7);
	raw6(h, &p, 143, 0, b, n, 1);
	rec(h, &c, &p, ALL, "MLDv2 report: a record claiming 7 sources");

	/* Router advertisement with RFC 4191, RFC 8781, RFC 6275 options. */
	memset(b, 0, sizeof(b));
	b[0] = 64;
	b[1] = 0x08; /* router preference high */
	put16(b + 2, 1800);
	n = 12;
	b[n] = 24; /* route information, /48, high, 2 units */
	b[n + 1] = 2;
	b[n + 2] = 48;
	b[n + 3] = 0x08;
	put32(b + n + 4, 3600);
	put_addr6(b + n + 8, 7, 0);
	n += 16;
	b[n] = 24; /* ::/0 default route, low, 1 unit */
	b[n + 1] = 1;
	b[n + 2] = 0;
	b[n + 3] = 0x18;
	put32(b + n + 4, 600);
	n += 8;
	b[n] = 38; /* PREF64 64:ff9b::/96, lifetime 600 s */
	b[n + 1] = 2;
	put16(b + n + 2, (uint16_t)(75 << 3 | 0));
	b[n + 4] = 0x00;
	b[n + 5] = 0x64;
	b[n + 6] = 0xff;
	b[n + 7] = 0x9b;
	n += 16;
	b[n] = 7; /* advertisement interval 3000 ms */
	b[n + 1] = 1;
	put32(b + n + 4, 3000);
	n += 8;
	raw6(h, &p, ND_ROUTER_ADVERT, 0, b, n, 255);
	rec(h, &c, &p, ALL,
	    "router advertisement: route information (/48 high, ::/0 low), "
	    "PREF64, advertisement interval");

	/* Node information (RFC 4620): query for the node name of an IPv6
	 * subject, reply with addresses. */
	memset(b, 0, sizeof(b));
	put16(b, 2);
	put16(b + 2, 0);
	memcpy(b + 4, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	n = 12 + put_addr6(b + 12, 2, 0x20);
	raw6(h, &p, 139, 0, b, n, 64);
	rec(h, &c, &p, ALL,
	    "node information query: node name of an IPv6 "
	    "subject");
	put16(b, 3);
	put16(b + 2, 0x0002); /* A: all addresses */
	put32(b + 12, 3600);  /* TTL, then the address */
	n = 16 + put_addr6(b + 16, 2, 0x20);
	raw6(h, &p, 140, 0, b, n, 64);
	rec(h, &c, &p, ALL, "node information reply: success, node addresses");

	/* Router renumbering (RFC 2894) command: header only. */
	memset(b, 0, sizeof(b));
	put32(b, 42);
	b[4] = 1;	   /* segment */
	b[5] = 0x50;	   /* R and S flags */
	put16(b + 6, 500); /* max delay */
	raw6(h, &p, 138, 0, b, 12, 255);
	rec(h, &c, &p, ALL, "router renumbering command, seq 42");

	/* Mobile IPv6 (RFC 6275 6.5-6.8). */
	memset(b, 0, sizeof(b));
	put16(b, 0x1111);
	raw6(h, &p, 144, 0, b, 4, 64);
	rec(h, &c, &p, ALL, "home agent address discovery request");
	n = 4 + put_addr6(b + 4, 1, 0x1);
	n += put_addr6(b + n, 1, 0x2);
	raw6(h, &p, 145, 0, b, n, 64);
	rec(h, &c, &p, ALL, "home agent address discovery reply, 2 agents");
	put16(b, 0x2222);
	raw6(h, &p, 146, 0, b, 4, 64);
	rec(h, &c, &p, ALL, "mobile prefix solicitation");
	memset(b, 0, sizeof(b));
	put16(b, 0x2222);
	b[2] = 0x80; /* M */
	b[4] = 3;    /* prefix information option */
	b[5] = 4;
	b[6] = 64;
	b[7] = 0xc0;
	put32(b + 8, 86400);
	put32(b + 12, 14400);
	put_addr6(b + 20, 1, 0);
	raw6(h, &p, 147, 0, b, 36, 64);
	rec(h, &c, &p, ALL,
	    "mobile prefix advertisement (M flag) with a prefix option");

	/* RPL (RFC 6550) control messages. */
	memset(b, 0, sizeof(b));
	raw6(h, &p, 155, 0x00, b, 4, 64);
	rec(h, &c, &p, ALL, "RPL DODAG information solicitation");
	b[0] = 1;	   /* instance */
	b[1] = 3;	   /* version */
	put16(b + 2, 256); /* rank */
	b[4] = 0x88;	   /* G, MOP 1, Prf 0 */
	b[5] = 9;	   /* DTSN */
	put_addr6(b + 8, 0xd0d, 1);
	raw6(h, &p, 155, 0x01, b, 24, 64);
	rec(h, &c, &p, ALL, "RPL DODAG information object");
	memset(b, 0, sizeof(b));
	b[0] = 1;
	b[1] = 0x40; /* D: DODAGID present */
	b[3] = 17;
	put_addr6(b + 4, 0xd0d, 1);
	raw6(h, &p, 155, 0x02, b, 20, 64);
	rec(h, &c, &p, ALL, "RPL destination advertisement object, DODAGID");
	memset(b, 0, sizeof(b));
	b[0] = 1;
	b[2] = 17;
	b[3] = 0;
	raw6(h, &p, 155, 0x03, b, 4, 64);
	rec(h, &c, &p, ALL, "RPL DAO acknowledgement, status 0");
	raw6(h, &p, 155, 0x81, b, 28, 64);
	rec(h, &c, &p, ALL, "RPL secure DIO (named, not decoded)");
	b[1] = 0x40;
	raw6(h, &p, 155, 0x02, b, 12, 64);
	rec(h, &c, &p, ALL,
	    "RPL DAO with the D flag but 8 bytes of DODAGID: malformed");
	cap_close(h, &c);
}

/* ----- payload-ts.pcap ----- */

static void
put_le(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
put_be(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/* An echo whose payload starts with the time of its own record minus
 * back_ns, written by fmt. */
static void
payts_rec(struct hostile *h, struct cap *c, int six, const char *fmt,
	  int64_t back_ns, uint32_t plen, const char *what)
{
	uint8_t payload[64];
	uint64_t t = h->ts_ns + 1000000 - (uint64_t)back_ns;
	uint64_t sec = TS0_SEC + t / 1000000000u, ns = t % 1000000000u;
	int le = strstr(fmt, "le") != NULL, w = strstr(fmt, "64") ? 8 : 4;
	uint64_t frac = strncmp(fmt, "tv", 2) == 0 ? ns / 1000 : ns;
	struct pkt p;

	pattern(payload, sizeof(payload));
	if (*fmt != '-') {
		(le ? put_le : put_be)(payload, sec, w);
		(le ? put_le : put_be)(payload + w, frac, w);
	}
	if (six) {
		ip6_icmp(h, &p, ICMP6_ECHO_REPLY, 0, 0x6b1d, 1, payload, plen,
			 B6, A6);
		eth(h, &p, ETHERTYPE_IPV6);
	} else {
		ip4_echo(h, &p, ICMP_ECHO, 1, payload, plen);
		eth(h, &p, ETHERTYPE_IP);
	}
	rec(h, c, &p, ALL, what);
}

/* ----- hostile-fragments.pcap ----- */

/* The ICMP echo request (1408 bytes) that fragments of one datagram cut
 * up: IPv4 (ip6 0) or IPv6, its sequence number seq. */
static void
frag_msg(struct hostile *h, struct pkt *m, int ip6, uint16_t seq)
{
	uint8_t payload[1400];

	pattern(payload, sizeof(payload));
	if (ip6) {
		icmp6_msg(h, m, ICMP6_ECHO_REQUEST, seq, sizeof(payload), A6,
			  B6);
		return;
	}
	ip4_echo(h, m, ICMP_ECHO, seq, payload, sizeof(payload));
	if (!h->failed) {
		m->n -= IP4_H;
		memmove(m->b, m->b + IP4_H, m->n);
	}
}

/* A fragment of m: bytes [off, off+len) (zeros beyond m), with the
 * IPv4 id or IPv6 identification id, MF as more; caplen as rec. */
static void
frag_rec(struct hostile *h, struct cap *c, const struct pkt *m, int ip6,
	 uint32_t id, uint32_t off, uint32_t len, int more, uint32_t caplen)
{
	static const uint8_t zeros[256];
	const uint8_t *data = off + len <= m->n ? m->b + off : zeros;
	char what[96];
	struct pkt p;

	snprintf(what, sizeof(what), "%s id %#x: bytes %u-%u%s",
		 ip6 ? "v6" : "v4", id, off, off + len,
		 more ? " +M" : ", last");
	if (ip6) {
		frag6_hdr(h, IPPROTO_ICMPV6, (uint16_t)(off / 8), more, id,
			  data, len);
		B(h,
		  libnet_build_ipv6(0, 0, (uint16_t)(8 + len), IPPROTO_FRAGMENT,
				    64, A6, B6, NULL, 0, h->l, 0));
		finish(h, &p);
	} else {
		ip4_wrap(h, &p, IPPROTO_ICMP,
			 (uint16_t)(off / 8 | (more ? IP_MF : 0)), (uint16_t)id,
			 data, len);
	}
	eth(h, &p, ip6 ? ETHERTYPE_IPV6 : ETHERTYPE_IP);
	rec(h, c, &p, caplen, what);
}

/* What --reassemble must put together, and what it must give up on: the
 * same 1408-byte echo cut up in order, out of order, with a duplicate,
 * overlapping (RFC 5722), without its last piece, with impossible
 * lengths, cut by the capture, in too many pieces; then IPv6. */
static void
file_fragments(struct hostile *h)
{
	/* ip6, the message's seq, id, offset, length, more, caplen. */
	static const struct {
		uint8_t ip6, seq;
		uint32_t id, off, len;
		uint8_t more;
		uint32_t caplen;
	} f[] = {
		{0, 1, 0x101, 0, 504, 1, ALL}, /* in order */
		{0, 1, 0x101, 504, 504, 1, ALL},
		{0, 1, 0x101, 1008, 400, 0, ALL},
		{0, 2, 0x102, 1008, 400, 0, ALL}, /* out of order */
		{0, 2, 0x102, 0, 504, 1, ALL},
		{0, 2, 0x102, 504, 504, 1, ALL},
		{0, 3, 0x103, 0, 704, 1, ALL}, /* a duplicate */
		{0, 3, 0x103, 0, 704, 1, ALL},
		{0, 3, 0x103, 704, 704, 0, ALL},
		{0, 4, 0x104, 0, 512, 1, ALL}, /* an overlap */
		{0, 4, 0x104, 256, 512, 1, ALL},
		{0, 4, 0x104, 512, 896, 0, ALL},
		{0, 4, 0x105, 0, 704, 1, ALL},	   /* no last piece */
		{0, 4, 0x106, 0, 700, 1, ALL},	   /* not a multiple of 8 */
		{0, 4, 0x107, 65528, 100, 0, ALL}, /* beyond 65535 */
		{0, 4, 0x108, 0, 704, 1, 100},	   /* cut by the capture */
		{1, 5, 0x6601, 0, 704, 1, ALL},	   /* IPv6 in order */
		{1, 5, 0x6601, 704, 704, 0, ALL},
		{1, 5, 0x6602, 0, 704, 1, ALL}, /* IPv6 overlap */
		{1, 5, 0x6602, 696, 712, 0, ALL},
		{1, 5, 0x6603, 0, 1408, 0, ALL}, /* atomic */
	};
	struct cap c;
	struct pkt m;
	uint32_t i;

	cap_open(h, &c, "hostile-fragments.pcap", DLT_EN10MB);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (i == 0 || f[i].seq != f[i - 1].seq)
			frag_msg(h, &m, f[i].ip6, f[i].seq);
		frag_rec(h, &c, &m, f[i].ip6, f[i].id, f[i].off, f[i].len,
			 f[i].more, f[i].caplen);
		/* After the v4 ones, a datagram in 65 pieces of 8 bytes:
		 * one more than a datagram may have. */
		for (uint32_t k = 0; f[i].id == 0x108 && k <= 64; k++)
			frag_rec(h, &c, &m, 0, 0x109, 8 + k * 8, 8, 1, ALL);
	}
	/* 31 s later (the timeout is 30 s): the datagram without its last
	 * piece (id 0x105) is given up. */
	h->ts_ns += 31000000000ULL;
	frag_rec(h, &c, &m, 0, 0x10a, 0, 704, 1, ALL);
	cap_close(h, &c);
}

static void
file_payts(struct hostile *h)
{
	struct cap c;

	cap_open(h, &c, "payload-ts.pcap", DLT_EN10MB);
	payts_rec(h, &c, 0, "tv64le", 250000, 56,
		  "timeval, 64-bit little-endian (Linux ping), 250 us old");
	payts_rec(h, &c, 0, "tv32le", 250000, 56,
		  "timeval, 32-bit little-endian, 250 us old");
	payts_rec(h, &c, 0, "tv32be", 1500000, 56,
		  "timeval, 32-bit big-endian, 1.5 ms old");
	payts_rec(h, &c, 0, "tv64be", 2000, 56,
		  "timeval, 64-bit big-endian, 2 us old");
	payts_rec(h, &c, 0, "ts64le", 123457, 56,
		  "timespec, 64-bit little-endian, 123457 ns old");
	payts_rec(h, &c, 0, "ts32be", 999, 56,
		  "timespec, 32-bit big-endian, 999 ns old");
	payts_rec(h, &c, 0, "tv64le", -10000000, 56,
		  "timeval 10 ms in the future (sender clock ahead)");
	payts_rec(h, &c, 0, "tv64le", 2 * 86400LL * 1000000000LL, 56,
		  "timeval two days old: not a payload timestamp");
	payts_rec(h, &c, 0, "-", 0, 56, "pattern only: no timestamp");
	payts_rec(h, &c, 0, "tv32le", 1000, 7,
		  "7-byte payload: too short for a timestamp");
	payts_rec(h, &c, 1, "tv64le", 80000, 56,
		  "ICMPv6 echo reply, timeval 64-bit little-endian");
	cap_close(h, &c);
}

/* ----- hostile-cut.pcap ----- */

static void
file_cut(struct hostile *h)
{
	struct pkt p;
	struct cap c;
	off_t cut;
	int i;

	cap_open(h, &c, "hostile-cut.pcap", DLT_EN10MB);
	for (i = 0; i < 10; i++) {
		char what[64];

		ip4_echo56(h, &p, i % 2 ? ICMP_ECHOREPLY : ICMP_ECHO,
			   (uint16_t)(i / 2 + 1));
		eth(h, &p, ETHERTYPE_IP);
		snprintf(what, sizeof(what), "echo %s seq %d%s",
			 i % 2 ? "reply" : "request", i / 2 + 1,
			 i == 7	 ? " (file ends 49 bytes into its data)"
			 : i > 7 ? " (not in the file)"
				 : "");
		rec(h, &c, &p, ALL, what);
	}
	cap_close(h, &c);
	if (h->failed)
		return;
	/* File header, 7 whole records, record 8's header, half its data. */
	cut = 24 + 7 * (16 + (off_t)p.n) + 16 + (off_t)p.n / 2;
	if (truncate(c.path, cut) == -1)
		fail(h, "%s: truncate: %s", c.path, strerror(errno));
}

/* ----- hostile-timestamps.pcapng ----- */

/* One pcapng block: type, total length, body padded to 4, total length. */
static void
ng_block(struct hostile *h, FILE *fp, uint32_t type, const uint8_t *body,
	 uint32_t n)
{
	static const uint8_t zero[4];
	uint8_t w[8];
	uint32_t pad = (4 - n % 4) % 4, total = 12 + n + pad;

	put_le(w, type, 4);
	put_le(w + 4, total, 4);
	if (fwrite(w, 8, 1, fp) != 1 || (n && fwrite(body, n, 1, fp) != 1) ||
	    (pad && fwrite(zero, pad, 1, fp) != 1) ||
	    fwrite(w + 4, 4, 1, fp) != 1)
		fail(h, "hostile-timestamps.pcapng: write failed");
}

/* Echo requests whose timestamps (in seconds: if_tsresol 0) are far
 * beyond what int64 nanoseconds hold, jump back, and jump forward
 * again: replay's schedule and the tracker must clamp, not overflow.
 * The first two share a time, so a replay with the original timing
 * sends two, then waits (for decades). */
static void
file_timestamps(struct hostile *h)
{
	static const uint64_t ts[] = {1,
				      1,
				      UINT64_C(1) << 40,
				      UINT64_C(1) << 62,
				      2,
				      UINT64_C(0xfffffffffffffff0),
				      5};
	uint8_t shb[16], idb[16], epb[20 + sizeof(((struct pkt *)0)->b)];
	char path[PATH_MAX];
	struct pkt p;
	FILE *fp;
	size_t i;

	if (h->failed)
		return;
	snprintf(path, sizeof(path), "%s/hostile-timestamps.pcapng", h->outdir);
	fp = fopen(path, "wb");
	if (!fp) {
		fail(h, "%s: %s", path, strerror(errno));
		return;
	}
	printf("%shostile-timestamps.pcapng\n", h->shown);
	put_le(shb, 0x1a2b3c4d, 4); /* byte-order magic, version 1.0 */
	put_le(shb + 4, 1, 2);
	put_le(shb + 6, 0, 2);
	put_le(shb + 8, UINT64_MAX, 8); /* section length unknown */
	ng_block(h, fp, 0x0a0d0d0a, shb, sizeof(shb));
	put_le(idb, DLT_EN10MB, 2);
	put_le(idb + 2, 0, 2);
	put_le(idb + 4, SNAPLEN, 4);
	put_le(idb + 8, 9, 2); /* if_tsresol: 10^-0, whole seconds */
	put_le(idb + 10, 1, 2);
	put_le(idb + 12, 0, 4); /* the value 0, padding, then no end mark */
	ng_block(h, fp, 1, idb, sizeof(idb));
	for (i = 0; i < sizeof(ts) / sizeof(ts[0]) && !h->failed; i++) {
		ip4_echo56(h, &p, ICMP_ECHO, (uint16_t)(i + 1));
		eth(h, &p, ETHERTYPE_IP);
		put_le(epb, 0, 4); /* interface 0 */
		put_le(epb + 4, ts[i] >> 32, 4);
		put_le(epb + 8, ts[i] & 0xffffffffu, 4);
		put_le(epb + 12, p.n, 4);
		put_le(epb + 16, p.n, 4);
		memcpy(epb + 20, p.b, p.n);
		ng_block(h, fp, 6, epb, 20 + p.n);
		printf("  #%-3zu %4u/%-4u echo request, timestamp %llu s\n",
		       i + 1, p.n, p.n, (unsigned long long)ts[i]);
	}
	if (fclose(fp) != 0)
		fail(h, "%s: %s", path, strerror(errno));
}

int
main(int argc, char **argv)
{
	char lerr[LIBNET_ERRBUF_SIZE];
	static struct hostile h;

	if (argc != 2) {
		fprintf(stderr, "usage: hostile OUTDIR\n");
		return 2;
	}
	h.outdir = argv[1];
	h.shown = "";
	if (mkdir(h.outdir, 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "hostile: %s: %s\n", h.outdir, strerror(errno));
		return 2;
	}
	h.l = libnet_init(LIBNET_NONE, NULL, lerr);
	if (h.l == NULL) {
		fprintf(stderr, "hostile: libnet_init: %s\n", lerr);
		return 2;
	}
	file_truncated(&h);
	file_badsum(&h);
	file_lengths(&h);
	dir_linktypes(&h);
	file_cut(&h);
	file_tunnels(&h);
	file_hostile_tunnels(&h);
	file_extensions(&h);
	file_hostile_extensions(&h);
	file_types(&h);
	file_payts(&h);
	file_fragments(&h);
	file_timestamps(&h);
	libnet_destroy(h.l);
	if (h.failed) {
		fprintf(stderr, "hostile: %s\n", h.errbuf);
		return 2;
	}
	return 0;
}
