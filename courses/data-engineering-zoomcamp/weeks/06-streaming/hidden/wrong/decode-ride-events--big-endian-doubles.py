# expect: two-events
# Reads the doubles big-endian ('>d'): the distances and tips come out as nonsense.
import struct


def read_long(data, pos):
    shift = result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return (result >> 1) ^ -(result & 1), pos


def decode_events(path):
    with open(path, 'rb') as file:
        data = file.read()
    count, pos = read_long(data, 4)
    events = []
    for _ in range(count):
        vendor_id, pos = read_long(data, pos)
        pu_location_id, pos = read_long(data, pos)
        do_location_id, pos = read_long(data, pos)
        trip_distance, tip_amount = struct.unpack_from('>dd', data, pos)
        pos += 16
        length, pos = read_long(data, pos)
        pickup = data[pos:pos + length].decode('utf-8')
        pos += length
        seq, pos = read_long(data, pos)
        events.append({'vendor_id': vendor_id, 'pu_location_id': pu_location_id, 'do_location_id': do_location_id,
                       'trip_distance': trip_distance, 'tip_amount': tip_amount, 'pickup': pickup, 'seq': seq})
    return events
