package io.tollgrid.ingest.formats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChannelPeerTest {
    @Test
    void thePeerIsTheChannelNameWithoutItsTechnologyAndSequence() {
        assertEquals("telco-in", ChannelPeer.of("PJSIP/telco-in-0000002a"));
        assertEquals("telco-in", ChannelPeer.of("SIP/telco-in-0000002a"));
        assertEquals("1001", ChannelPeer.of("PJSIP/1001-00000001"));
        assertEquals("branch-2", ChannelPeer.of("IAX2/branch-2-1234"));
        assertEquals("DAHDI/i1", ChannelPeer.of("DAHDI/i1/0888123456-1f"), "an ISDN span is the trunk");
        assertEquals("DAHDI/3", ChannelPeer.of("DAHDI/3-1"), "an analogue line is its channel");
        assertEquals("trunk", ChannelPeer.of("PJSIP/trunk"), "a name without a sequence is kept whole");
        assertEquals("east-west", ChannelPeer.of("SIP/east-west"), "a last part that is not hexadecimal is the name's");
    }

    @Test
    void channelsInsideThePbxAndNamesNotInAsterisksFormHaveNone() {
        assertNull(ChannelPeer.of("Local/1001@from-internal-00000012;1"));
        assertNull(ChannelPeer.of("Parked/PJSIP/1001-00000001"));
        assertNull(ChannelPeer.of("ConfBridge/0x7f"));
        assertNull(ChannelPeer.of(""));
        assertNull(ChannelPeer.of(null));
        assertNull(ChannelPeer.of("no-technology"));
        assertNull(ChannelPeer.of("PJSIP/"));
    }
}
