# Reads the file as a stream (io.BytesIO), one field at a time.
import io
import struct

FIELDS = ['vendor_id', 'pu_location_id', 'do_location_id', 'trip_distance', 'tip_amount', 'pickup', 'seq']


def read_long(stream):
    value = 0
    shift = 0
    while True:
        byte = stream.read(1)[0]
        value += (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    return -(value + 1) // 2 if value % 2 else value // 2


def read_double(stream):
    return struct.unpack('<d', stream.read(8))[0]


def read_string(stream):
    return stream.read(read_long(stream)).decode('utf-8')


def decode_events(path):
    with open(path, 'rb') as file:
        stream = io.BytesIO(file.read())
    assert stream.read(4) == b'RIDE'
    events = []
    for _ in range(read_long(stream)):
        values = [read_long(stream), read_long(stream), read_long(stream), read_double(stream), read_double(stream), read_string(stream), read_long(stream)]
        events.append(dict(zip(FIELDS, values)))
    return events
