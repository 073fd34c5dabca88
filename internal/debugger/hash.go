package debugger

// murmur2 is MurmurHash2 (32 bits, Austin Appleby's) of the UTF-8 bytes of
// s: the hash JupyterLab and ipykernel name a cell's source path by, when
// debugInfo says "Murmur2". The front end computes the same hash on its
// side, so the two must agree to the bit (hash_test.go checks them against
// ipykernel's).
func murmur2(s string, seed uint32) uint32 {
	const m = 0x5bd1e995
	data := []byte(s)
	h := seed ^ uint32(len(data))
	for len(data) >= 4 {
		k := uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24
		k *= m
		k ^= k >> 24
		k *= m
		h = h*m ^ k
		data = data[4:]
	}
	switch len(data) {
	case 3:
		h ^= uint32(data[2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[0])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return h
}
