# expect: two-events
import struct


def read_long(data, pos):
    shift = result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos  # forgot the zig-zag step


def decode_events(path):
    data = open(path, 'rb').read()
    count, pos = read_long(data, 4)
    events = []
    for _ in range(count):
        vendor_id, pos = read_long(data, pos)
        pu, pos = read_long(data, pos)
        do, pos = read_long(data, pos)
        distance, tip = struct.unpack_from('<dd', data, pos)
        pos += 16
        length, pos = read_long(data, pos)
        pickup = data[pos:pos + length].decode()
        pos += length
        seq, pos = read_long(data, pos)
        events.append({'vendor_id': vendor_id, 'pu_location_id': pu, 'do_location_id': do,
                       'trip_distance': distance, 'tip_amount': tip, 'pickup': pickup, 'seq': seq})
    return events
