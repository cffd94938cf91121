// The grader's testbench for the optional hardware part (hw/matmul.v, module matmul4).
//   vvp SIM +vectors=FILE +count=N +out=FILE
// FILE holds 2N lines of 32 hex digits: a then b of each test, element (i, j) of a matrix in
// bits [8*(4*i+j) +: 8]. After a reset, each test waits 0-2 idle cycles, holds start high for
// one cycle with a and b valid in that cycle only (they change to garbage right after), counts
// the rising edges until done is high, and checks one cycle later that done has fallen and c has
// not changed. One line per test goes to the out file: "index latency held c" or "index timeout";
// latency 1 means done is high right after the clock edge that sampled start.
`timescale 1ns / 1ps
module matmul4_tb;
    reg clk = 0, rst = 1, start = 0;
    reg [127:0] a = 0, b = 0;
    wire [511:0] c;
    wire done;
    reg [127:0] vectors [0:511];
    reg [511:0] result;
    integer count, i, latency, out, held;
    string vector_file, out_file;

    matmul4 dut (.clk(clk), .rst(rst), .start(start), .a(a), .b(b), .c(c), .done(done));

    always #5 clk = ~clk;

    initial begin
        if (!$value$plusargs("vectors=%s", vector_file) || !$value$plusargs("count=%d", count)
            || !$value$plusargs("out=%s", out_file)) begin
            $display("usage: +vectors=FILE +count=N +out=FILE");
            $finish;
        end
        $readmemh(vector_file, vectors, 0, 2 * count - 1);
        out = $fopen(out_file, "w");
        repeat (3) @(posedge clk);
        #1 rst = 0;
        for (i = 0; i < count; i = i + 1) begin
            repeat (i % 3) @(posedge clk);
            #1 start = 1; a = vectors[2 * i]; b = vectors[2 * i + 1];
            @(posedge clk);
            #1 start = 0; a = {4{32'hdeadbeef}}; b = {4{32'h5a5aa5a5}};
            latency = 1;  // edges from the one that sampled start to the one after which done is high
            while (!done && latency < 1000) begin
                @(posedge clk);
                #1 latency = latency + 1;
            end
            if (!done) begin
                $fdisplay(out, "%0d timeout", i);
                $fclose(out);
                $finish;
            end
            result = c;
            @(posedge clk);
            #1 held = (c === result) && (done === 1'b0);
            $fdisplay(out, "%0d %0d %0d %h", i, latency, held, result);
        end
        $fclose(out);
        $finish;
    end
endmodule
