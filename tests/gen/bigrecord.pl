#!/usr/bin/perl
# A regression capture for replay (issue 17): a batch of small records and
# then one larger than any slot of replay's batch (libpcap takes records of
# up to 262144 bytes); replay wrote past its buffer on it.
# bigrecord.pl OUT: 63 small echo requests, then one 200,042-byte record (snaplen 262144).
use strict;
use warnings;
my ($out) = @ARGV;
open(my $f, '>:raw', $out) or die;
print $f pack('VvvlVVV', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1);
my $eth = pack('H*', '020000000101020000000102') . pack('n', 0x0800);
my $ip = pack('H*', '4500001c000040004001') . pack('n', 0) . pack('C4C4', 198,51,100,2, 198,51,100,1);
my $icmp = pack('H*', '0800f7ff00000000');
my $small = $eth . $ip . $icmp;
for my $i (1 .. 63) { print $f pack('VVVV', $i, 0, length($small), length($small)), $small; }
my $big = $eth . ("\x00" x (200042 - 14));
print $f pack('VVVV', 64, 0, length($big), length($big)), $big;
close($f);
