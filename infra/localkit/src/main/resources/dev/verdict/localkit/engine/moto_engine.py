"""The local DynamoDB engine: moto's server (Apache-2.0) behind one lock, on a loopback port.

Started by dev.verdict.localkit.MotoEngine as a child process; not meant to be run by hand, though it can be:
    python3 moto_engine.py [--host 127.0.0.1] [--port 0]
It prints one line, "READY <port>", once it accepts connections, and exits when its standard input closes, so it
never outlives the JVM that started it (not even one killed with -9). SIGINT is ignored on purpose: Ctrl-C in a
terminal reaches the whole process group, and the parent must still be able to save the tables before it stops us.
"""
import argparse
import base64
import calendar
import copy
import datetime
import faulthandler
import functools
import inspect
import io
import itertools
import json
import os
import signal
import sys
import threading
import time
import types

try:
    from werkzeug.serving import WSGIRequestHandler, make_server
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from moto.core.utils import utcnow as moto_utcnow
    from moto.dynamodb import comparisons as moto_comparisons
    from moto.dynamodb import models as moto_dynamodb
    from moto.dynamodb import responses as moto_dynamodb_responses
    from moto.dynamodb.exceptions import MockValidationException
    from moto.dynamodb.models import dynamo_type as moto_dynamo_type
    from moto.dynamodb.models import table as moto_table
    from moto.dynamodbstreams import models as moto_streams
except ImportError as missing:  # the Java side turns exit code 3 into its one-line message
    print(f"moto is not installed for {sys.executable} ({missing}); install it with: pip install 'moto[server]'",
          file=sys.stderr, flush=True)
    sys.exit(3)

# DynamoDB's operations that change nothing; every other DynamoDB request counts as a write (see /_engine/status).
READS = {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable", "ListTables",
         "DescribeTimeToLive", "DescribeContinuousBackups", "ListTagsOfResource", "DescribeLimits",
         "DescribeEndpoints"}

# How many stream iterators to remember. moto keeps every iterator it ever handed out; a poller asking every few
# milliseconds would grow the process without bound. DynamoDB forgets iterators after 15 minutes; we forget the oldest.
MAX_ITERATORS = 10_000

_shard_clock = itertools.count(int(time.time() * 1000))


def _distinct_shards():
    """moto gives every stream the same shard id and the same first sequence number, so a checkpoint saved by one
    run of the local stack would look newer than every record of the next run's stream. DynamoDB never reuses a
    shard id; neither do we: ids carry the creation time, and sequence numbers start above any earlier shard's."""
    original = moto_table.StreamShard.__init__

    def init(self, account_id, table):
        original(self, account_id, table)
        stamp = next(_shard_clock)
        self.id = f"shardId-{stamp:020d}-{os.urandom(4).hex()}"
        self.starting_sequence_number = int(f"1{stamp:020d}") * 10**6

    moto_table.StreamShard.__init__ = init


def _streams_as_dynamodb_writes_them():
    """Two of moto's stream records that DynamoDB never writes, both of which the conformance suite pins:
    - a write that leaves the item as it was gets a MODIFY record with equal images (DynamoDB writes none);
    - a cancelled transaction: moto runs it against the live tables after deep-copying them, then swaps the copies
      back in. The live shard keeps records of the cancelled writes, and iterators already handed out stay on that
      orphaned shard, so a stream reader sees writes that never happened and then nothing, ever again.
    Here a transaction keeps the items it names as they were (a copy of each, not of every table it touches: that
    copy grew with the tables and was most of a transaction's time), and a cancelled one puts them back and cuts the
    live shard back to where it stood."""
    original_add = moto_table.StreamShard.add

    def add(self, old, new):
        if old is not None and new is not None and old.to_json() == new.to_json():
            return
        original_add(self, old, new)

    original_transact = moto_dynamodb.DynamoDBBackend.transact_write_items
    # moto's transact_write_items deep-copies every table it touches first; within it, that copy is the table itself.
    transacting = threading.local()
    tables_kept = types.ModuleType("copy")
    tables_kept.__dict__.update(copy.__dict__)

    def deepcopy(value, memo=None):
        if getattr(transacting, "on", False) and isinstance(value, moto_table.Table):
            return value
        return copy.deepcopy(value, memo)

    tables_kept.deepcopy = deepcopy

    def item_key(table, action):
        """The (hash, range) an action names, as the table stores it; None where moto will refuse the action."""
        attributes = action.get("Key") if "Key" in action else action.get("Item") or {}
        if table.hash_key_attr not in attributes or (table.range_key_attr and table.range_key_attr not in attributes):
            return None
        hash_key = moto_dynamo_type.DynamoType(attributes[table.hash_key_attr])
        range_key = moto_dynamo_type.DynamoType(attributes[table.range_key_attr]) if table.range_key_attr else None
        return hash_key, range_key

    def stored(table, hash_key, range_key):
        if range_key is None:
            return table.items.get(hash_key)
        return table.items.get(hash_key, {}).get(range_key)

    def put_back(table, hash_key, range_key, before):
        if range_key is None:
            if before is None:
                table.items.pop(hash_key, None)
            else:
                table.items[hash_key] = before
        elif before is None:
            partition = table.items.get(hash_key)
            if partition is not None:
                partition.pop(range_key, None)
                if not partition:
                    del table.items[hash_key]
        else:
            table.items[hash_key][range_key] = before

    def transact_write_items(self, transact_items):
        kept = []
        for action in transact_items:
            op = next(iter(action.values()), None) if isinstance(action, dict) else None
            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            key = item_key(table, op) if table is not None else None
            if key is not None:
                kept.append((table, *key, copy.deepcopy(stored(table, *key))))
        shards = {id(table): (table.stream_shard, len(table.stream_shard.items))
                  for table, *_ in kept if table.stream_shard is not None}
        transacting.on = True
        try:
            return original_transact(self, transact_items)
        except Exception:
            for table, hash_key, range_key, before in reversed(kept):
                put_back(table, hash_key, range_key, before)
            for shard, length in shards.values():
                del shard.items[length:]
            raise
        finally:
            transacting.on = False

    # An UpdateItem that creates its item: moto first puts the bare key (an INSERT record DynamoDB never writes, with
    # a NewImage of the key alone), then records the real INSERT. The first of the two is dropped.
    creating = threading.local()
    original_update = moto_dynamodb.DynamoDBBackend.update_item

    def update_item(self, table_name, key, *args, **kwargs):
        creating.skip = True
        try:
            return original_update(self, table_name, key, *args, **kwargs)
        finally:
            creating.skip = False

    def add_once_per_write(self, old, new):
        if getattr(creating, "skip", False) and old is None:
            creating.skip = False
            return
        creating.skip = False
        add(self, old, new)

    moto_table.StreamShard.add = add_once_per_write
    moto_dynamodb.copy = tables_kept
    moto_dynamodb.DynamoDBBackend.transact_write_items = transact_write_items
    moto_dynamodb.DynamoDBBackend.update_item = update_item


def _typeless_values_refused():
    """DynamoDB refuses an attribute value that names no type ({}) with a ValidationException; moto fails on it with an
    IndexError, which this server answered with a 500 that the SDK then retried as if the engine were unwell."""
    message = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
    original = moto_dynamo_type.DynamoType.__init__
    original_check = moto_dynamodb_responses.validate_put_has_empty_keys

    def init(self, type_as_dict):
        if isinstance(type_as_dict, dict) and not type_as_dict:
            raise MockValidationException(message)
        original(self, type_as_dict)

    # A put's top-level values are looked at before any DynamoType is made (and {} fails there, a StopIteration).
    def check(field_updates, table, *args, **kwargs):
        if any(isinstance(value, dict) and not value for value in field_updates.values()):
            raise MockValidationException(message)
        return original_check(field_updates, table, *args, **kwargs)

    moto_dynamo_type.DynamoType.__init__ = init
    moto_dynamodb_responses.validate_put_has_empty_keys = check


def _transactions_read_up_to_100_items():
    """DynamoDB reads up to 100 items in one TransactGetItems (since 2022, as it writes 100); moto still refuses more
    than 25, so a recompute over more than about 24 tools (one read of every aggregate with the stream's checkpoints)
    would fail here and work on AWS. Its check reads this module constant when called."""
    moto_dynamodb_responses.TRANSACTION_MAX_ITEMS = 100


def _batches_sized_as_dynamodb_sizes_them():
    """DynamoDB refuses a BatchWriteItem of more than 25 requests, and a BatchWriteItem or BatchGetItem that asks for
    nothing (an empty request map, or a table with no requests or keys); stock moto writes any number and answers an
    empty batch. Refused here, a missing split into 25s, or a loop that sends one batch too many, fails on this
    machine as it would on AWS. moto already refuses a BatchGetItem of more than 100 keys."""
    original_write = moto_dynamodb_responses.DynamoHandler.batch_write_item
    original_get = moto_dynamodb_responses.DynamoHandler.batch_get_item

    def write(self):
        requests = self.body.get("RequestItems") or {}
        if not requests or any(not writes for writes in requests.values()):
            raise MockValidationException("1 validation error detected: Value at 'requestItems' failed to satisfy "
                                          "constraint: Member must have length greater than or equal to 1")
        if any(len(writes) > 25 for writes in requests.values()):
            raise MockValidationException("1 validation error detected: Value at 'requestItems' failed to satisfy "
                                          "constraint: Member must have length less than or equal to 25")
        if sum(len(writes) for writes in requests.values()) > 25:
            raise MockValidationException("Too many items requested for the BatchWriteItem call")
        return original_write(self)

    def get(self):
        requests = self.body.get("RequestItems") or {}
        if not requests or any(not ask.get("Keys") for ask in requests.values()):
            raise MockValidationException("1 validation error detected: Value at 'requestItems' failed to satisfy "
                                          "constraint: Member must have length greater than or equal to 1")
        return original_get(self)

    moto_dynamodb_responses.DynamoHandler.batch_write_item = write
    moto_dynamodb_responses.DynamoHandler.batch_get_item = get


def _queries_read_one_partition():
    """moto's Table.query starts from every item in the table, sorted by hash and range key (all_items compares
    DynamoType values in Python), and then keeps the items of the queried partition, which it sorts again. A Query's
    cost grew with the table, not with the partition read: measured on a 600-item table, 16 ms a Query. A Query on the
    table now starts from its partition alone (moto's items are a dict keyed by hash value, whose hash and equality
    agree, numbers included), and a Query on an index from the table's items unsorted, as moto sorts those itself by
    the index's and the table's keys, a total order. What moto keeps, pages and answers is unchanged."""
    original = moto_table.Table.query
    signature = inspect.signature(original)

    def query(self, *args, **kwargs):
        asked = signature.bind(self, *args, **kwargs).arguments
        hash_key, index_name = asked.get("hash_key"), asked.get("index_name")
        if index_name:
            rows = [item for partition in self.items.values()
                    for item in (partition.values() if self.range_key_attr else [partition])]
        elif hash_key is not None:
            partition = self.items.get(hash_key)
            rows = [] if partition is None else list(partition.values()) if self.range_key_attr else [partition]
        else:
            return original(self, *args, **kwargs)
        self.all_items = lambda: rows  # read by the original below, under the engine's lock
        try:
            return original(self, *args, **kwargs)
        finally:
            del self.all_items

    moto_table.Table.query = query


def _conditions_parsed_once_per_request():
    """moto parses a request's ConditionExpression twice: once to check which names and values it uses, once to
    evaluate it against the item. The second parse of the same expression with the same names and values is now the
    first one's answer (measured on the send function's claim, a conditional UpdateItem: 6.2 ms → 5.7 ms). The parsed tree
    is only read once built (its nodes set their fields in __init__ alone), so one tree can serve both; a parse that
    fails is not kept and fails again the same way."""
    original = moto_comparisons.ConditionExpressionParser.parse
    parsed = {}

    def parse(self):
        try:
            key = (self.condition_expression, json.dumps(self.expression_attribute_names, sort_keys=True),
                   json.dumps(self.expression_attribute_values, sort_keys=True))
        except (TypeError, ValueError):  # not plain JSON: parse it as moto would
            return original(self)
        known = parsed.get(key)
        if known is None:
            known = (original(self), list(self.expr_attr_names_found), list(self.expr_attr_values_found))
            if len(parsed) >= 64:
                parsed.clear()
            parsed[key] = known
        tree, names, values = known
        self.expr_attr_names_found = list(names)
        self.expr_attr_values_found = list(values)
        return tree

    moto_comparisons.ConditionExpressionParser.parse = parse


# The answers written with json.dumps instead of moto's serializer (see _data_answers_as_plain_json).
PLAIN_ANSWERS = {("dynamodb", operation) for operation in (
    "GetItem", "PutItem", "UpdateItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
    "TransactGetItems", "TransactWriteItems")} | {("dynamodbstreams", "GetRecords")}


def _data_answers_as_plain_json():
    """moto writes every answer through a serializer that walks botocore's model for each value. For the answers that
    carry items and stream records that was most of the engine's own time: 1.5 ms a stream record in GetRecords, and
    about 60% of the engine's busy time over the aggregates tests (sampled). Those answers are item data already in
    DynamoDB's JSON shape, so they are written with json.dumps; the two values that are not JSON are turned as the
    serializer turns them (a time to epoch seconds, truncated to the millisecond; bytes to base64). Compared with the
    serializer's output, answer by answer, over the whole suite and records of every attribute type: the same JSON.
    Anything else, an error included, goes through the serializer as before."""
    from moto.core import responses as moto_responses
    original = moto_responses.ActionResult.execute_result
    plain_types = (moto_responses.ActionResult, moto_dynamodb_responses.DynamoResult)

    def plain(value):
        if isinstance(value, datetime.datetime):
            seconds = calendar.timegm(value.timetuple())
            return seconds + (value.microsecond // 1000) / 1000.0 if value.microsecond else seconds
        if isinstance(value, bytes):
            return base64.b64encode(value).decode("ascii")
        raise TypeError(f"{type(value).__name__} is not plain JSON")

    def execute_result(self, context):
        if (type(self) in plain_types and not isinstance(self.result, BaseException)
                and (context.service_model.service_name, context.operation_model.name) in PLAIN_ANSWERS):
            try:
                body = json.dumps(self.result, default=plain)
            except (TypeError, ValueError):
                return original(self, context)
            status, headers, _ = original(moto_responses.ActionResult({}), context)  # the headers, as for any answer
            return status, headers, body
        return original(self, context)

    moto_responses.ActionResult.execute_result = execute_result


def _cached_method_names():
    """moto lists a response class's methods with inspect on every request; the answer never changes."""
    from moto.core import responses
    responses.method_names_from_class = functools.lru_cache(maxsize=None)(responses.method_names_from_class)


def _bounded_iterators():
    original = moto_streams.DynamoDBStreamsBackend.get_shard_iterator
    original_records = moto_streams.DynamoDBStreamsBackend.get_records

    def trim(backend):
        excess = len(backend.shard_iterators) - MAX_ITERATORS
        for key in list(itertools.islice(backend.shard_iterators, max(excess, 0))):
            del backend.shard_iterators[key]

    def get_shard_iterator(self, *args, **kwargs):
        trim(self)
        return original(self, *args, **kwargs)

    def get_records(self, iterator_arn, limit):
        trim(self)
        if iterator_arn not in self.shard_iterators:
            raise moto_streams_expired()
        return original_records(self, iterator_arn, limit)

    moto_streams.DynamoDBStreamsBackend.get_shard_iterator = get_shard_iterator
    moto_streams.DynamoDBStreamsBackend.get_records = get_records


def moto_streams_expired():
    from moto.core.exceptions import JsonRESTError
    return JsonRESTError("ExpiredIteratorException", "Iterator expired; get a new one with GetShardIterator")


class Engine:
    """moto's WSGI app with every request handled under one lock: moto's in-memory model has no per-item locking,
    so two concurrent `SET n = n + :one` updates can both read the old value (measured: 386-398 of 400)."""

    def __init__(self):
        self.app = DomainDispatcherApplication(create_backend_app)
        # moto works out the service of every request from its headers, which costs about a sixth of a request;
        # ours are all DynamoDB or DynamoDB Streams, and their X-Amz-Target says which.
        self.by_target = {"DynamoDB_20120810": create_backend_app("dynamodb"),
                          "DynamoDBStreams_20120810": create_backend_app("dynamodbstreams")}
        self.lock = threading.Lock()
        self.writes = 0
        self.requests = 0

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/_engine/status":
            return json_answer(start_response, "200 OK",
                               {"requests": self.requests, "writes": self.writes, "pid": os.getpid()})
        if environ.get("PATH_INFO") == "/_engine/copy-tables" and environ.get("REQUEST_METHOD") == "POST":
            asked = json.loads(read_body(environ) or b"{}")
            with self.lock:
                copied = copy_tables(asked.get("from", ""), asked.get("to", ""))
            return json_answer(start_response, "200 OK" if copied else "404 NOT FOUND", {"tables": copied})
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        # The body is read before the lock is taken: a client that stalls mid-body must stall only its own request,
        # not every other one (seen: one stuck read held the lock and every later request timed out).
        body = read_body(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        with self.lock:
            self.requests += 1
            if target.startswith("DynamoDB_") and target.split(".")[-1] not in READS:
                self.writes += 1
            app = self.by_target.get(target.split(".")[0], self.app)
            # The whole body is produced under the lock: moto builds it lazily from shared state.
            return [b"".join(app(environ, start_response))]


def json_answer(start_response, status, value):
    """One of the engine's own answers (not DynamoDB's): a JSON body with its length."""
    body = json.dumps(value).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def copy_tables(source_prefix, target_prefix):
    """Every table named source_prefix + X, copied as target_prefix + X in the same account and region: its settings,
    indexes, TTL and items, as a deep copy of moto's own model (what RestoreTableFromBackup does, with the settings a
    restore drops kept), so the tests set up a fixture's tables and items once per JVM and take a copy of them for each
    test instead of writing them all again. A copied table with a stream gets a new stream of its own with no records,
    as a table whose stream was turned on after its first items. Answers the names copied (none: nothing matched, or a
    target name was taken)."""
    if not source_prefix or not target_prefix or source_prefix == target_prefix:
        return []
    copied = []
    for account in list(moto_dynamodb.dynamodb_backends.keys()):
        regions = moto_dynamodb.dynamodb_backends[account]
        for region in list(regions.keys()):
            backend = regions[region]
            sources = {name: table for name, table in backend.tables.items() if name.startswith(source_prefix)}
            targets = {target_prefix + name[len(source_prefix):]: table for name, table in sources.items()}
            if any(name in backend.tables for name in targets):
                return []
            for name, source in targets.items():
                shard, source.stream_shard = source.stream_shard, None
                try:
                    table = copy.deepcopy(source)
                finally:
                    source.stream_shard = shard
                table.name = name
                table.table_arn = table._generate_arn(name)
                table.created_at = moto_utcnow()
                if shard is not None:
                    table.latest_stream_label = moto_utcnow().isoformat()
                    table.stream_shard = moto_table.StreamShard(table.account_id, table)
                backend.tables[name] = table
                copied.append(name)
    return copied


def read_body(environ):
    stream = environ["wsgi.input"]
    length = environ.get("CONTENT_LENGTH")
    if length:
        wanted = int(length)
        chunks = []
        while wanted > 0:
            chunk = stream.read(wanted)
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    if environ.get("wsgi.input_terminated"):  # chunked: werkzeug ends the stream at the last chunk
        return stream.read()
    return b""


class QuietHandler(WSGIRequestHandler):
    """werkzeug's handler with HTTP/1.1 keep-alive. werkzeug answers every request with "Connection: close", so each
    request cost a TCP connection and a new thread here, and a new connection in the client: measured, a fifth of this
    process's CPU per request (4.9 ms a request against 3.9 ms kept alive, PutItem and UpdateItem alternating). Our
    app reads the whole body and answers with one bytes object, so a connection can safely carry the next request: the
    body is read to its end before the app runs, and every answer states its length."""
    # A connection that sends nothing for this long is dropped, so no thread waits on a dead client for ever.
    timeout = 120
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; without this the body can wait on the client's delayed ACK.
    disable_nagle_algorithm = True

    def run_wsgi(self):
        # (An "Expect: 100-continue" was answered already, by http.server's parse_request.)
        self.environ = environ = self.make_environ()
        body = read_body(environ)  # to its end, so the next request on this connection starts where it should
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.pop("wsgi.input_terminated", None)
        answer = []

        def start_response(status, headers, exc_info=None):
            answer[:] = [status, headers]

        try:
            chunks = self.server.app(environ, start_response)
            try:
                payload = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
            status, headers = answer
        except Exception as failure:
            self.close_connection = True
            self.server.log("error", f"Error on request: {failure!r}")
            status, headers, payload = "500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")], b"engine error"
        code, _, message = status.partition(" ")
        self.send_response(int(code), message)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and payload:
            self.wfile.write(payload)

    def log_request(self, *args, **kwargs):
        pass  # one line per request would drown the stack's own log


def exit_when_parent_goes():
    """Our stdin is a pipe from the parent JVM: end of file means it is gone, however it ended."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # kill -USR1 <pid>: every thread's stack, to stderr
    _distinct_shards()
    _streams_as_dynamodb_writes_them()
    _bounded_iterators()
    _cached_method_names()
    _conditions_parsed_once_per_request()
    _data_answers_as_plain_json()
    _typeless_values_refused()
    _transactions_read_up_to_100_items()
    _batches_sized_as_dynamodb_sizes_them()
    _queries_read_one_partition()
    try:
        server = make_server(args.host, args.port, Engine(), threaded=True, request_handler=QuietHandler)
    except (OSError, SystemExit) as e:  # werkzeug reports a taken port itself, then exits
        reason = e.strerror if isinstance(e, OSError) else "the address is in use or not available"
        print(f"cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr, flush=True)
        sys.exit(4)
    threading.Thread(target=exit_when_parent_goes, name="parent-watch", daemon=True).start()
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
