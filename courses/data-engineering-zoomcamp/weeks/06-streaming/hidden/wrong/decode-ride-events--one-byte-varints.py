# expect: hidden-stream
import struct


def decode_events(path):
    data = open(path, 'rb').read()
    pos = 4

    def small():
        # Reads one byte per number: right for the small example, wrong for large values.
        nonlocal pos
        value = data[pos]
        pos += 1
        return (value >> 1) ^ -(value & 1)

    count = small()
    events = []
    for _ in range(count):
        vendor_id, pu, do = small(), small(), small()
        distance, tip = struct.unpack_from('<dd', data, pos)
        pos += 16
        length = small()
        pickup = data[pos:pos + length].decode()
        pos += length
        events.append({'vendor_id': vendor_id, 'pu_location_id': pu, 'do_location_id': do,
                       'trip_distance': distance, 'tip_amount': tip, 'pickup': pickup, 'seq': small()})
    return events
