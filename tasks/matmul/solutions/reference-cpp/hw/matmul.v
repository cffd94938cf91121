// 4 x 4 signed 8-bit matrix product, fully parallel: all 64 products and 16 sums of four in one
// clock cycle (64 8x8 multipliers, 48 adders of up to 18 bits, 512 bits of result register).
// done rises one cycle after start; c keeps its value until the next start.
module matmul4 (
    input  wire         clk,
    input  wire         rst,
    input  wire         start,
    input  wire [127:0] a,
    input  wire [127:0] b,
    output reg  [511:0] c,
    output reg          done
);
    integer i, j, p;
    reg signed [31:0] sum;

    always @(posedge clk) begin
        if (rst) begin
            c <= 0;
            done <= 0;
        end else begin
            done <= start;
            if (start)
                for (i = 0; i < 4; i = i + 1)
                    for (j = 0; j < 4; j = j + 1) begin
                        sum = 0;
                        for (p = 0; p < 4; p = p + 1)
                            sum = sum + $signed(a[8 * (4 * i + p) +: 8]) * $signed(b[8 * (4 * p + j) +: 8]);
                        c[32 * (4 * i + j) +: 32] <= sum;
                    end
        end
    end
endmodule
