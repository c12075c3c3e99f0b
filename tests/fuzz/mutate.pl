#!/usr/bin/perl
# Deterministic mutations of fuzz seeds, for tests/fuzz/smoke.sh:
#
#   perl tests/fuzz/mutate.pl NDLT OUTDIR SEED...
#
# For every seed (harness format: link-type index, options byte, record)
# it writes into OUTDIR:
#   - 20 variants with 1 to 4 bytes of the record changed (xor with a random
#     byte, or set to 0x00/0x01/0x7f/0x80/0xff, the values that break length
#     fields), each with a random options byte;
#   - truncations at the boundaries of the usual headers (link, IPv4, IPv6,
#     ICMP fixed parts, quoted headers) and at half, all-but-one, all-but-two;
#   - the record under every other link-type index 0..NDLT-1 (the last one
#     is a link type the decoder does not know);
#   - 16 options bytes, one per wire-length selector (the high nibble).
# The generator is xorshift32 seeded from a fixed constant and the seed's
# file name, so the same seeds always give the same files.  Prints the
# number of files written.
use strict;
use warnings;

@ARGV >= 2 or die "usage: mutate.pl NDLT OUTDIR SEED...\n";
my ($ndlt, $out, @seeds) = @ARGV;
my $state;
my $written = 0;

sub rnd {
	$state ^= ($state << 13) & 0xffffffff;
	$state ^= $state >> 17;
	$state ^= ($state << 5) & 0xffffffff;
	return $state;
}

sub put {
	my ($name, $bytes) = @_;
	open(my $f, '>:raw', "$out/$name") or die "mutate.pl: $out/$name: $!\n";
	print $f $bytes;
	close($f) or die "mutate.pl: $out/$name: $!\n";
	$written++;
}

my @cuts = (0, 1, 2, 3, 4, 8, 13, 14, 15, 16, 18, 20, 22, 24, 26, 28, 32,
	    34, 36, 38, 40, 42, 44, 46, 48, 54, 56, 60, 62, 64, 68, 76, 82, 90);
my @interesting = (0x00, 0x01, 0x7f, 0x80, 0xff);

for my $seed (@seeds) {
	open(my $f, '<:raw', $seed) or die "mutate.pl: $seed: $!\n";
	local $/;
	my $s = <$f>;
	close($f);
	next if length($s) < 2;
	(my $base = $seed) =~ s{.*/}{};
	# FNV-1a of the name, never zero (xorshift would stay at zero).
	$state = 0x811c9dc5;
	for my $c (unpack('C*', $base)) {
		$state = (($state ^ $c) * 0x01000193) & 0xffffffff;
	}
	$state ^= 0x1c3b5a79;
	$state ||= 1;
	my $n = length($s) - 2;

	for my $v (0 .. 19) {
		my $m = $s;
		substr($m, 1, 1) = chr(rnd() & 0xff);
		if ($n) {
			my $k = 1 + rnd() % 4;
			for (1 .. $k) {
				my $pos = 2 + rnd() % $n;
				my $old = ord(substr($m, $pos, 1));
				my $new = rnd() % 2 ? $old ^ (1 + rnd() % 255)
				    : $interesting[rnd() % @interesting];
				substr($m, $pos, 1) = chr($new);
			}
		}
		put(sprintf("%s.flip%02d", $base, $v), $m);
	}

	my %seen;
	for my $c (@cuts, int($n / 2), $n - 1, $n - 2, $n - 8) {
		next if $c < 0 || $c >= $n || $seen{$c}++;
		my $m = substr($s, 0, 2 + $c);
		substr($m, 1, 1) = chr(rnd() & 0xff);
		put(sprintf("%s.cut%04d", $base, $c), $m);
	}

	my $dlt = ord(substr($s, 0, 1));
	for my $i (0 .. $ndlt - 1) {
		next if $i == $dlt;
		my $m = $s;
		substr($m, 0, 1) = chr($i);
		substr($m, 1, 1) = chr(rnd() & 0xff);
		put(sprintf("%s.dlt%02d", $base, $i), $m);
	}

	for my $w (0 .. 15) {
		my $m = $s;
		substr($m, 1, 1) = chr($w << 4 | (rnd() & 0x0f));
		put(sprintf("%s.opt%02d", $base, $w), $m);
	}
}
print "$written\n";
