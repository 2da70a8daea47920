package org.gatehouse.core.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 section 2, rule by rule, and the bounds. */
class CsvReaderTest {

    static List<CsvReader.Record> all(String text) throws Exception {
        CsvReader reader = new CsvReader(new StringReader(text));
        List<CsvReader.Record> records = new ArrayList<>();
        for (CsvReader.Record r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    @Test
    void recordsEndWithCrlfOrLfAndTheLastMayEndWithout() throws Exception {
        assertThat(all("a,b\r\nc,d\ne,f")).extracting(CsvReader.Record::fields)
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"));
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws Exception {
        List<CsvReader.Record> records = all("\"a,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).fields()).containsExactly("a,1", "say \"hi\"", "two\r\nlines");
        assertThat(records.get(0).error()).isNull();
    }

    @Test
    void emptyFieldsAndABomAndBlankLines() throws Exception {
        assertThat(all("\uFEFFa,,c\r\n\r\n,,\r\n")).extracting(CsvReader.Record::fields)
                .containsExactly(List.of("a", "", "c"), List.of("", "", ""));
    }

    @Test
    void malformedRecordsSayWhyAndTheNextRecordStillReads() throws Exception {
        List<CsvReader.Record> records = all("a\"b,c\r\n\"x\"y,z\r\nok,1\r\n\"never closed");
        assertThat(records.get(0).error()).contains("quote inside");
        assertThat(records.get(1).error()).contains("after a closing quote");
        assertThat(records.get(2).fields()).containsExactly("ok", "1");
        assertThat(records.get(2).error()).isNull();
        assertThat(records.get(3).error()).contains("not closed");
    }

    @Test
    void hugeFieldsAndRecordsAreBounded() throws Exception {
        String longField = "x".repeat(CsvReader.MAX_FIELD + 10);
        List<CsvReader.Record> records = all(longField + ",y\r\n" + ",".repeat(CsvReader.MAX_FIELDS + 5) + "\r\n");
        assertThat(records.get(0).error()).contains("longer than");
        assertThat(records.get(0).fields().get(0)).hasSize(CsvReader.MAX_FIELD);
        assertThat(records.get(1).error()).contains("more than");
        assertThat(records.get(1).fields()).hasSize(CsvReader.MAX_FIELDS);
    }
}
