package io.bpmon.job;

import io.bpmon.core.store.VersionedDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The Elasticsearch writers' checkpointed documents (those not yet written when the checkpoint was taken, see
 * {@link ElasticsearchSink}): index, id, version, the JSON bytes as they are, and the origins.
 */
final class VersionedDocumentSerializer implements SimpleVersionedSerializer<VersionedDocument> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(VersionedDocument doc) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(doc.json().length + 128);
        out.writeUTF(doc.index());
        out.writeUTF(doc.id());
        out.writeLong(doc.version());
        out.writeInt(doc.json().length);
        out.write(doc.json());
        out.writeInt(doc.origins().size());
        for (String origin : doc.origins()) {
            out.writeUTF(origin);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public VersionedDocument deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown version " + version + " of a checkpointed Elasticsearch document");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String index = in.readUTF();
        String id = in.readUTF();
        long docVersion = in.readLong();
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        int n = in.readInt();
        List<String> origins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            origins.add(in.readUTF());
        }
        return new VersionedDocument(index, id, docVersion, json, origins);
    }
}
