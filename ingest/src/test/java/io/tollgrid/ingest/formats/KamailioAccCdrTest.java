package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KamailioAccCdrTest {
    private static final LineParser UTC = KamailioAccCdr.parser(ZoneId.of("UTC"), null);

    @Test
    void readsADialogCdrAsSyslogWroteIt() throws RejectedLine {
        SwitchCdr cdr = UTC.parse("Jan 15 08:01:30 sbc1 /usr/sbin/kamailio[2310]: NOTICE: acc [acc_cdr.c:339]: "
                + "ACC: CDR: start_time=1768464000.412;end_time=1768464090.238;duration=89.826;"
                + "callid=5f2c1a9e-7d3b@10.0.0.5;caller=35929000001;callee=442071234567;account=acc-7;sip_code=200");
        assertEquals("5f2c1a9e-7d3b@10.0.0.5", cdr.callId());
        assertEquals("acc-7", cdr.account());
        assertEquals("35929000001", cdr.caller());
        assertEquals("442071234567", cdr.callee());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertEquals(cdr.start(), cdr.answer(), "a dialog CDR starts at the answer");
        assertEquals(Instant.parse("2026-01-15T08:01:30Z"), cdr.end());
        assertEquals(90, cdr.billSeconds(), "89.826 s rounds half up");
        assertEquals(Disposition.ANSWERED, cdr.disposition());
    }

    @Test
    void renamedExtrasLocalTimesAndAFailedDialog() throws RejectedLine {
        LineParser sofia = KamailioAccCdr.parser(ZoneId.of("Europe/Sofia"), "caller=c1, callee=c2, call_id=ci");
        SwitchCdr cdr = sofia.parse("ACC: CDR: start_time=2026-01-15 10:00:00;end_time=2026-01-15 10:00:00;duration=0;"
                + "ci=a84b4c76e66710@pc33;c1=1001;c2=1002;sip_code=486");
        assertEquals("a84b4c76e66710@pc33", cdr.callId());
        assertEquals(Instant.parse("2026-01-15T08:00:00Z"), cdr.start());
        assertNull(cdr.answer());
        assertEquals(Disposition.BUSY, cdr.disposition());
        assertEquals(17, cdr.cause(), "486 is Q.850 user busy");
        assertNull(cdr.account());
        assertThrows(IllegalArgumentException.class, () -> KamailioAccCdr.parser(ZoneId.of("UTC"), "callr=c1"));
    }

    @Test
    void otherLogLinesAndBadValuesAreRejectedWithTheirReason() {
        assertEquals(RejectReason.NOT_A_CALL_RECORD, assertThrows(RejectedLine.class,
                () -> UTC.parse("Jan 15 08:01:30 sbc1 kamailio[2310]: INFO: <core> [main.c:2740]: listening")).reason());
        assertEquals(RejectReason.BAD_NUMBER, assertThrows(RejectedLine.class,
                () -> UTC.parse("CDR: start_time=1768464000;duration=ninety;callee=1002")).reason());
        assertEquals(RejectReason.MISSING_FIELD, assertThrows(RejectedLine.class,
                () -> UTC.parse("CDR: start_time=1768464000;duration=10")).reason());
        assertEquals(RejectReason.UNKNOWN_DISPOSITION, assertThrows(RejectedLine.class,
                () -> UTC.parse("CDR: start_time=1768464000;duration=10;callee=1002;sip_code=OK")).reason());
        assertEquals(RejectReason.INCONSISTENT_TIMES, assertThrows(RejectedLine.class,
                () -> UTC.parse("CDR: start_time=1768464000;end_time=1768463000;duration=10;callee=1002")).reason());
    }
}
